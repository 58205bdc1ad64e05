-- The latest version of each course overview: FINAL applies the replacing merge at read time.
select * from course_overviews final
