-- The latest version of each row of `external_id` (FINAL: the replacing merge at read time).
select * from external_id final
