-- Which member reported which indicator for which year, over the years the warehouse covers.
with years as (
    select unnest(range(min(year), max(year) + 1)) as year from fact_observation
),
grid as (
    select c.country_iso3, y.year, i.indicator
    from dim_country c cross join years y cross join dim_indicator i
),
reported as (
    select
        country_iso3, year, indicator,
        count(*) as n_observations,
        bool_or(is_total_row(sex, age_group, exploitation, citizenship)) as has_total,
        bool_or(flag = 'suppressed' and is_total_row(sex, age_group, exploitation, citizenship)) as total_suppressed,
        bool_or(not is_total_row(sex, age_group, exploitation, citizenship)) as has_breakdown
    from fact_observation
    group by all
),
final as (
    select
        g.country_iso3, g.year, g.indicator,
        coalesce(r.n_observations, 0) as n_observations,
        r.n_observations is not null as reported,
        coalesce(r.has_total, false) as has_total,
        coalesce(r.total_suppressed, false) as total_suppressed,
        coalesce(r.has_breakdown, false) as has_breakdown
    from grid g
    left join reported r using (country_iso3, year, indicator)
)
select * from final order by country_iso3, year, indicator
