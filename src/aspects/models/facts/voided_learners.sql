-- Grain: one row per (course, learner) among the voided statements: whose learner facts a
-- voiding changes (aspects.ingest.facts).
select distinct course_key, actor_id
from xapi_events_all
where event_id in {ids:Array(UUID)}
    and course_key != '' and actor_id != ''
