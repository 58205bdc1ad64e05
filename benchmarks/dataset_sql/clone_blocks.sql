-- One target course's structure: the seed course's latest blocks under the new keys.
insert into course_blocks (org, course_key, location, display_name, xblock_data_json, `order`,
    edited_on, dump_id, time_last_dumped)
select {org:String}, {course:String}, replaceAll(location, {old:String}, {new:String}),
    display_name, replaceAll(xblock_data_json, {old_number:String}, {new_number:String}),
    `order`, edited_on, toUUID($NEW_COURSE_DUMP), time_last_dumped
from $SEED.latest_course_blocks where course_key = {seed:String}
