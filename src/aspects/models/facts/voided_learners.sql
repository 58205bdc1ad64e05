-- Grain: one row per (course, learner) with a video statement among the voided ones: whose
-- video facts a voiding changes (aspects.ingest.facts).
select distinct course_key, actor_id
from xapi_events_all
where event_id in {ids:Array(UUID)}
    and block_type = 'video' and course_key != '' and actor_id != ''
