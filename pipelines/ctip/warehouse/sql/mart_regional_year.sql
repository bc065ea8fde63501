-- Regional sums of what was reported (totals only), with their coverage. Suppressed totals
-- (`<5`: a count from 0 to 4, UNODC's includes zero) make the sum a range: reported_sum_min
-- counts them as 0, reported_sum_max as 4.
-- Nothing is estimated here; mart_regional_estimates fills the gaps with intervals.
with totals as (
    select country_iso3, year, indicator, value, flag
    from fact_observation
    where is_total_row(sex, age_group, exploitation, citizenship)
),
region_population as (
    select p.year, sum(p.population) as population
    from ref_population p join dim_country c on c.country_iso3 = p.iso3
    group by all
),
sums as (
    select
        t.year, t.indicator,
        count(*) as n_countries_reporting,
        count(t.value) as n_countries_with_value,
        count(*) filter (where t.flag = 'suppressed') as n_countries_suppressed,
        sum(t.value) as reported_sum,
        coalesce(sum(t.value), 0) as reported_sum_min,
        coalesce(sum(t.value), 0) + count(*) filter (where t.flag = 'suppressed') * 4 as reported_sum_max,
        sum(p.population) as population_reporting,
        list(t.country_iso3 order by t.country_iso3) as countries_reporting
    from totals t
    left join ref_population p on p.iso3 = t.country_iso3 and p.year = t.year
    group by all
),
final as (
    select
        s.year, s.indicator, s.n_countries_reporting, s.n_countries_with_value, s.n_countries_suppressed,
        s.reported_sum, s.reported_sum_min, s.reported_sum_max,
        (select count(*) from dim_country) as n_members,
        s.population_reporting,
        r.population as region_population,
        round(s.population_reporting / r.population, 4) as population_share_reporting,
        array_to_string(s.countries_reporting, ',') as countries_reporting
    from sums s
    left join region_population r using (year)
)
select * from final order by indicator, year
