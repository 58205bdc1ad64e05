-- Grain: one row per seed statement: its rank in its learner's statements in the course
-- (timestamp, stored, id order) and that learner's total, for the time-prefix cut.
create table $SEED.ranks engine = MergeTree order by (course_key, event_id) as
select course_key, event_id,
    row_number() over (partition by course_key, actor_id
        order by emission_time, stored, event_id) as rank,
    count() over (partition by course_key, actor_id) as total
from $SEED.xapi_events_all
