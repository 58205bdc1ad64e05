-- The latest version of each row of `course_enrollment` (FINAL: the replacing merge at read time).
select * from course_enrollment final
