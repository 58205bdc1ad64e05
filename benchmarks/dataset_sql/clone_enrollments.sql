-- One target course's course_enrollment rows: one per learner copy of the seed course.
insert into course_enrollment (id, course_key, created, is_active, mode, username, user_id,
    dump_id, time_last_dumped)
select $NEW_USER_ID * 1000 + {t:UInt32} + 1, {course:String}, created, is_active, mode,
    replaceRegexpOne(username, '[0-9]+$', toString($NEW_USER_ID)), $NEW_USER_ID,
    toUUID($NEW_ENROLLMENT_DUMP), time_last_dumped
from $SEED.latest_course_enrollment
array join range({first:UInt32}, {last:UInt32}) as copy
where course_key = {seed:String}
