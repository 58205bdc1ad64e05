-- user_profile rows of every learner copy 0 .. copies - 1: new user id, username, e-mail.
insert into user_profile (id, user_id, name, username, email, meta, courseware, language,
    location, year_of_birth, gender, level_of_education, mailing_address, city, country, state,
    goals, bio, profile_image_uploaded_at, phone_number, dump_id, time_last_dumped)
select $NEW_USER_ID, $NEW_USER_ID, name,
    replaceRegexpOne(username, '[0-9]+$', toString($NEW_USER_ID)),
    replaceRegexpOne(email, '[0-9]+@', concat(toString($NEW_USER_ID), '@')), meta, courseware,
    language, location, year_of_birth, gender, level_of_education, mailing_address, city,
    country, state, goals, bio, profile_image_uploaded_at, phone_number,
    toUUID($NEW_USER_DUMP), time_last_dumped
from $SEED.latest_user_profile
array join range({copies:UInt32}) as copy
