-- Grain: one row per course with statements: course_span (schema 0011) from every stored
-- statement, voided or not, any actor (a rebuild; batches widen it as they are stored,
-- aspects.ingest.facts.LearnerFacts.widen_spans).
insert into course_span (course_key, earliest_at, latest_at, anonymous)
select course_key, min(emission_time), max(emission_time), countIf(actor_id = '')
from xapi_events_all
where course_key != ''
group by course_key
