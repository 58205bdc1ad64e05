-- page_views: one row per learner × unit (page) viewed × 15-minute bucket (METRICS.md "Page
-- viewed"), from the learner facts (learner_page_views, schema 0008; derived by
-- models/facts/page_views.sql).
-- Columns:
--   course_key, actor_id   the course and the learner
--   unit_key               the unit's usage key (block-v1:…+type@vertical+block@…)
--   emission_time          the earliest crediting statement in the bucket: "viewed at or before
--                          as_of" and "viewed in a local-date period" read it exactly (a bucket
--                          never straddles a local midnight)
--   views                  how many statements credit the unit in the bucket
select course_key, actor_id, unit_key, first_at as emission_time, views
from learner_page_views final
where views > 0
