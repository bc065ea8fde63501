-- For each member: its citizens detected in other countries, by year and the destination's UN
-- M49 region: figures about members that come from other countries' reports. Suppressed flows
-- (<5, a count from 0 to 4) make the sum a range; `total` is NULL when any flow is suppressed.
with abroad as (
    select f.partner_iso3 as member_iso3, f.country_iso3 as destination_iso3, f.year, f.indicator, f.value, f.flag,
           d.region, d.subregion, d.intermediate_region, d.is_member as destination_is_member
    from fact_flow f
    join dim_country m on m.country_iso3 = f.partner_iso3
    left join dim_partner d on d.partner_iso3 = f.country_iso3
    where f.relation = 'citizenship' and f.country_iso3 <> f.partner_iso3
      and is_total_row(f.sex, f.age_group, f.exploitation, total_code())  -- flows have no citizenship
),
final as (
    select
        member_iso3,
        year,
        indicator,
        coalesce(region, 'Unknown') as destination_region,
        coalesce(intermediate_region, subregion, 'Unknown') as destination_subregion,
        coalesce(destination_is_member, false) as destination_is_member,
        count(*) as n_countries,
        count(*) filter (where value is null) as n_suppressed,
        case when count(*) filter (where value is null) = 0 then sum(value) end as total,
        coalesce(sum(value), 0) as total_min,
        -- a flow withheld as a complement in the public exports ('withheld') may be of any size
        case when count(*) filter (where flag = 'withheld') = 0
             then coalesce(sum(value), 0) + 4 * count(*) filter (where value is null) end as total_max,
        string_agg(destination_iso3, ',' order by destination_iso3) as destinations
    from abroad
    group by all
)
select * from final
order by member_iso3, year, indicator, destination_region, destination_subregion, destination_is_member
