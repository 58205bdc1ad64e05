-- external_id rows of every learner copy 0 .. copies - 1 (copy 0 keeps the seed's ids).
insert into external_id (external_user_id, external_id_type, username, user_id, dump_id,
    time_last_dumped)
select toUUID($NEW_EXTERNAL_ID), external_id_type,
    replaceRegexpOne(username, '[0-9]+$', toString($NEW_USER_ID)), $NEW_USER_ID,
    toUUID($NEW_USER_DUMP), time_last_dumped
from $SEED.latest_external_id
array join range({copies:UInt32}) as copy
