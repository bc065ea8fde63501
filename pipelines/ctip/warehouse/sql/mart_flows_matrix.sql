-- Intra-regional matrices: victims detected in a member (destination) who are citizens of a
-- member (origin), summed over the periods of the Global Report (2003–2011, 2012–2016,
-- 2017–2021). A suppressed cell (<5, a count from 0 to 4) makes the sum a range: `total` is NULL
-- and [total_min, total_max] holds it; never a single number where a <5 cell is involved.
-- The diagonal (origin = destination) is citizens detected in their own country.
with periods(period, first_year, last_year) as (
    values ('2003–2011', 2003, 2011), ('2012–2016', 2012, 2016), ('2017–2021', 2017, 2021)
),
intra as (
    select p.period, p.first_year, p.last_year, f.partner_iso3 as origin_iso3, f.country_iso3 as destination_iso3,
           f.indicator, f.year, f.value, f.flag
    from fact_flow f
    join periods p on f.year between p.first_year and p.last_year
    where f.relation = 'citizenship'
      and is_total_row(f.sex, f.age_group, f.exploitation, total_code())  -- flows have no citizenship
      and f.country_iso3 in (select country_iso3 from dim_country)
      and f.partner_iso3 in (select country_iso3 from dim_country)
),
final as (
    select
        period, first_year, last_year, origin_iso3, destination_iso3, indicator,
        count(*) as n_years,
        count(*) filter (where value is null) as n_suppressed,
        case when count(*) filter (where value is null) = 0 then sum(value) end as total,
        coalesce(sum(value), 0) as total_min,
        -- a flow withheld as a complement in the public exports ('withheld') may be of any size
        case when count(*) filter (where flag = 'withheld') = 0
             then coalesce(sum(value), 0) + 4 * count(*) filter (where value is null) end as total_max,
        count(*) filter (where value is null) > 0 as is_range,
        string_agg(cast(year as varchar), ',' order by year) as years
    from intra
    group by all
)
select * from final
order by period, origin_iso3, destination_iso3, indicator
