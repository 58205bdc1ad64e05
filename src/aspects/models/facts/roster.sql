-- Grain: one row per course × learner of the scope (learner_roster, schema 0009): the courses
-- {scope_courses}, every learner ({scope_all:Bool}) or the touched (course, learner)
-- {scope_pairs}; inserted with `derived` = now (the latest row wins).
-- The state is models/learners/roster_state.sql as of the end of time ({as_of} is bound to
-- it): METRICS.md "Learner groups and individual learners". A learner of the scope with a row
-- but no state any more (their enrollments voided) gets `enrolled` false: off the roster.
-- Reads the page-view and video-segment facts: derived after them.
insert into learner_roster
    (course_key, actor_id, enrolled, current, track, first_enrolled_at, enrolled_at,
    last_visit, grade, passed, engaged, sections_visited, latest_at, derived)
with
candidates as (
    select
        course_key, actor_id, 1 as fresh,
        tuple(
            true, current, track, first_enrolled_at, enrolled_at,
            CAST(last_visit, 'Nullable(DateTime64(6, \'UTC\'))'),
            CAST(grade, 'Nullable(Float64)'), passed, engaged,
            CAST(sections_visited, 'Array(Int32)'), latest_at
        ) as state
    from {{learners/roster_state}}
    union all
    select
        course_key, actor_id, 0 as fresh,
        tuple(
            false, false, '', toDateTime64(0, 6, 'UTC'), toDateTime64(0, 6, 'UTC'),
            CAST(null, 'Nullable(DateTime64(6, \'UTC\'))'), CAST(null, 'Nullable(Float64)'),
            false, false, CAST([], 'Array(Int32)'), toDateTime64(0, 6, 'UTC')
        ) as state
    from learner_roster final
    where enrolled
        and course_key in {scope_courses:Array(String)}
        and ({scope_all:Bool} or (actor_id in {scope_actors:Array(String)}
            and (course_key, actor_id) in {scope_pairs:Array(Tuple(String, String))}))
),

chosen as (
    select course_key, actor_id, argMax(state, fresh) as state
    from candidates
    group by course_key, actor_id
)

select
    course_key, actor_id, state.1, state.2, state.3, state.4, state.5, state.6, state.7,
    state.8, state.9, state.10, state.11, now64(6)
from chosen
