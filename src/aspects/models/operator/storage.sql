-- Grain: one row per table of this instance's database that stores data (a MergeTree-family
-- engine; views store nothing), also when it is empty.
-- METRICS.md "Operator": storage used, from system.parts, active parts only (parts already
-- merged into another and awaiting deletion are not counted):
--   parts               active data parts
--   rows                rows in them, before pending merges (a ReplacingMergeTree or
--                       SummingMergeTree table may still hold rows a merge will fold)
--   bytes_on_disk       compressed data, indexes and marks
--   uncompressed_bytes  the data uncompressed
with data_tables as (
    select name as table_name, engine
    from system.tables
    where database = currentDatabase() and endsWith(engine, 'MergeTree')
),

active_parts as (
    select
        table as table_name, count() as parts, sum(rows) as rows,
        sum(bytes_on_disk) as bytes_on_disk, sum(data_uncompressed_bytes) as uncompressed_bytes
    from system.parts
    where database = currentDatabase() and active
    group by table_name
),

final as (
    select
        data_tables.table_name as table, data_tables.engine as engine,
        active_parts.parts as parts, active_parts.rows as rows,
        active_parts.bytes_on_disk as bytes_on_disk,
        active_parts.uncompressed_bytes as uncompressed_bytes
    from data_tables
    left join active_parts using table_name
)

select * from final
order by bytes_on_disk desc, table
