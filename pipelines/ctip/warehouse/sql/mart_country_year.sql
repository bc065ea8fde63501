-- One row per country, year and indicator: the reported total and its main one-way breakdowns
-- (each with the other dimensions at total), population and the rate per 100,000.
-- Only reported values; nothing estimated here (see mart_estimates).
with obs as (
    select * from fact_observation
),
one_way as (
    select
        country_iso3, year, indicator,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'total') as total,
        bool_or(flag = 'suppressed') filter (where sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'total') as total_suppressed,
        bool_or(flag = 'inconsistent_total') as has_inconsistency,
        max(value) filter (where sex = 'female' and age_group = 'total' and exploitation = 'total' and citizenship = 'total') as female,
        max(value) filter (where sex = 'male' and age_group = 'total' and exploitation = 'total' and citizenship = 'total') as male,
        max(value) filter (where sex = 'total' and age_group = 'child' and exploitation = 'total' and citizenship = 'total') as children,
        max(value) filter (where sex = 'total' and age_group = 'adult' and exploitation = 'total' and citizenship = 'total') as adults,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'sexual' and citizenship = 'total') as sexual_exploitation,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'labour' and citizenship = 'total') as forced_labour,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'other' and citizenship = 'total') as other_exploitation,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'national') as nationals,
        max(value) filter (where sex = 'total' and age_group = 'total' and exploitation = 'total' and citizenship = 'foreign') as foreigners,
        count(*) as n_observations
    from obs
    group by all
),
final as (
    select
        o.*,
        p.population,
        case when p.population > 0 and o.total is not null
             then round(o.total * 100000.0 / p.population, 3) end as per_100k
    from one_way o
    left join ref_population p on p.iso3 = o.country_iso3 and p.year = o.year
)
select * from final order by country_iso3, year, indicator
