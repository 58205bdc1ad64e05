-- One target course's statements: copies [first, last) of the seed course's learners, ids,
-- learners and course keys rewritten in the typed columns and the JSON; each learner copy keeps
-- a time prefix of its statements (the KEEP macro), enrollment statements always.
insert into xapi_events_all (event_id, emission_time, event, stored, digest, authority,
    actor_id, course_key, org, verb_id, object_id, object_type, block_key, block_type,
    enrollment_mode, video_time, video_length, video_time_from, video_time_to, nav_start,
    nav_end, success, score_raw, score_max, score_scaled, attempt, grade_classification,
    voided_id)
select
    toUUID(new_id), emission_time,
    replaceAll(replaceAll(replaceAll(event, toString(event_id), new_id), actor_id, new_actor),
        {old:String}, {new:String}),
    stored, cityHash64(digest, copy, {t:UInt32}), authority, new_actor, {course:String},
    {org:String}, verb_id, replaceAll(object_id, {old:String}, {new:String}), object_type,
    replaceAll(block_key, {old:String}, {new:String}), block_type, enrollment_mode,
    video_time, video_length, video_time_from, video_time_to, nav_start, nav_end, success,
    score_raw, score_max, score_scaled, attempt, grade_classification,
    if(voided_id is null, null, toUUID($NEW_VOIDED_ID))
from (
    select *, copy, $NEW_EVENT_ID as new_id, $NEW_ACTOR as new_actor
    from (
        select e.*, r.rank as rank, r.total as total
        from $SEED.xapi_events_all as e
        inner join (
            select event_id, rank, total from $SEED.ranks where course_key = {seed:String}
        ) as r on r.event_id = e.event_id
        where e.course_key = {seed:String}
    )
    array join range({first:UInt32}, {last:UInt32}) as copy
    where $KEEP
)
