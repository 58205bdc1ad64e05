-- Enrollment changes per learner (learner facts): one row per course × learner with an
-- enrollment statement (`registered` / `unregistered`), voided or not, holding what each of
-- their statements that are not voided changed, replayed in (timestamp, stored, statement id)
-- order (METRICS.md "Enrollment"): for the track entered (+1: new, re-enrolled or moved in)
-- and the track left (−1: unenrolled or moved out), a change that changes nothing left out.
-- Each change depends only on the statements before it, so a reader filters them by
-- emission_time (as_of) and gets the numbers as they stood then; summed per track over any
-- period they give the enrollment reports (current enrollees = Σ delta up to a time).
-- Derived by models/facts/enrollment_changes.sql when a batch touches the learner's
-- enrollment statements (an empty array when none is left); the latest `derived` wins:
-- readers take the table FINAL.
create table if not exists learner_enrollment_changes
(
    course_key LowCardinality(String),
    actor_id String,
    changes Array(Tuple(
        emission_time DateTime64(6, 'UTC'),
        track String,
        new Int64,
        re_enrolled Int64,
        unenrolled Int64,
        moved_in Int64,
        moved_out Int64,
        delta Int64
    )),
    derived DateTime64(6, 'UTC')
)
engine = ReplacingMergeTree(derived)
order by (course_key, actor_id);
