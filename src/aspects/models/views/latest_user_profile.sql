-- The latest version of each row of `user_profile` (FINAL: the replacing merge at read time).
select * from user_profile final
