-- One row per country, year and indicator: the reported total and its main one-way breakdowns
-- (each with the other dimensions at total), population and the rate per 100,000.
-- Only reported values; nothing estimated here (see mart_estimates).
with obs as (
    -- one_way_cell: the one-way column a row belongs to (one_way_column, generated from dimensions.yaml)
    select *, one_way_column(sex, age_group, exploitation, citizenship) as one_way_cell from fact_observation
),
one_way as (
    select
        country_iso3, year, indicator,
        max(value) filter (where is_total_row(sex, age_group, exploitation, citizenship)) as total,
        bool_or(flag = 'suppressed') filter (where is_total_row(sex, age_group, exploitation, citizenship)) as total_suppressed,
        coalesce(bool_or(flag = 'inconsistent_total'), false) as has_inconsistency,  -- false, not NULL, when nothing is flagged
        max(value) filter (where one_way_cell = 'female') as female,
        max(value) filter (where one_way_cell = 'male') as male,
        max(value) filter (where one_way_cell = 'children') as children,
        max(value) filter (where one_way_cell = 'adults') as adults,
        max(value) filter (where one_way_cell = 'sexual_exploitation') as sexual_exploitation,
        max(value) filter (where one_way_cell = 'forced_labour') as forced_labour,
        max(value) filter (where one_way_cell = 'other_exploitation') as other_exploitation,
        max(value) filter (where one_way_cell = 'nationals') as nationals,
        max(value) filter (where one_way_cell = 'foreigners') as foreigners,
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
