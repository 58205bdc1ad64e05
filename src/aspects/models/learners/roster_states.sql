-- Grain: one row per learner of the course {course_key} with >= 1 `registered` at or before
-- as_of, every learner ({scope_all:Bool}) or those of {scope_pairs} (a row reads only its
-- learner's rows): their state as of as_of (models/learners/roster_state.sql), without PII.
-- A learner whose latest statement in the course is at or before as_of has it in
-- learner_roster (schema 0009; kept exact as statements arrive); the others, whose later
-- statements as_of leaves out, are recomputed from their statements as of as_of.
with
settled as (
    select * from {{learners/roster_settled}}
),

late as (
    select
        actor_id, current, track, first_enrolled_at, enrolled_at, last_visit, grade, passed,
        engaged, sections_visited
    from {{learners/roster_state}}
)

select * from settled
union all
select * from late
