-- Flows as reported (totals: sex, age and form of exploitation not broken down), with both sides
-- named: the partner's names in four languages, its UN M49 region and whether it is a member.
-- A suppressed flow (<5) has no value and the range 0 to 4; in the public exports a flow withheld
-- as a complement (flag 'withheld') has no upper bound. Nothing is summed here.
with flows as (
    select * from fact_flow
    where is_total_row(sex, age_group, exploitation, total_code())  -- flows have no citizenship dimension
),
final as (
    select
        f.country_iso3,
        c.name_en as country_name_en,
        coalesce(c.is_member, false) as country_is_member,
        f.partner_iso3,
        f.partner_label,
        p.name_en as partner_name_en,
        p.name_es as partner_name_es,
        p.name_fr as partner_name_fr,
        p.name_nl as partner_name_nl,
        p.region as partner_region,
        p.subregion as partner_subregion,
        p.intermediate_region as partner_intermediate_region,
        coalesce(p.is_member, false) as partner_is_member,
        f.relation,
        f.year,
        f.indicator,
        f.value,
        coalesce(f.flag in ('suppressed', 'withheld'), false) as suppressed,
        coalesce(f.value, 0) as value_min,
        case when f.flag = 'withheld' then null else coalesce(f.value, 4) end as value_max,
        f.source_file
    from flows f
    left join dim_partner c on c.partner_iso3 = f.country_iso3
    left join dim_partner p on p.partner_iso3 = f.partner_iso3
)
select * from final
order by country_iso3, relation, year, indicator, partner_iso3 nulls last, partner_label
