-- One target course's course_overviews row: the seed course's, under the new key and name.
insert into course_overviews (org, course_key, display_name, course_start, course_end,
    enrollment_start, enrollment_end, self_paced, course_data_json, created, modified, dump_id,
    time_last_dumped)
select {org:String}, {course:String}, {name:String}, course_start, course_end,
    enrollment_start, enrollment_end, self_paced, course_data_json, created, modified,
    toUUID($NEW_COURSE_DUMP), time_last_dumped
from $SEED.latest_course_overviews where course_key = {seed:String}
