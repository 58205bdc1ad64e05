-- Grain and METRICS.md rules: as models/grades/distribution.sql, over the course's whole
-- history as of now (chosen by aspects.reports.run when no statement of the course is later
-- than as_of or without a learner): the roster (learner_roster, the learner facts) holds each
-- learner's course grade (the latest `earned` on the course).
-- The rows are those of models/grades/distribution_rows.sql over what is defined here.
with
learner_state as {{grades/learner_state_whole}}

select * from {{grades/distribution_rows}}
order by bucket
