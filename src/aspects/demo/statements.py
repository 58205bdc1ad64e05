"""Every statement kind the demo emits, as templates bound to one course."""

from __future__ import annotations

from typing import Any

from aspects.demo.templates import (
    CMI,
    COURSE,
    DISCUSSION,
    LMS,
    VIDEO,
    X_ATTEMPT,
    X_END,
    X_GRADE,
    X_LENGTH,
    X_MODE,
    X_START,
    X_TIME,
    X_TOTAL,
    actor,
    base,
    compile_template,
    extensions,
    verb,
)

NAVIGATED = "https://w3id.org/xapi/dod-isd/verbs/navigated"
EVALUATED = "https://w3id.org/xapi/acrossx/verbs/evaluated"
POSTED = "https://w3id.org/xapi/acrossx/verbs/posted"
BLOCK_URL = f"{LMS}/xblock/@@block@@"


class CourseTemplates:
    """The templates of one course: course id and name are filled in once, here."""

    def __init__(self, course_key: str, name: str) -> None:
        self.course_url = f"{LMS}/course/{course_key}"
        self.parent = {
            "id": self.course_url,
            "objectType": "Activity",
            "definition": {"name": {"en-US": name}, "type": COURSE},
        }
        self.name = name
        self._enrollment_and_grades()
        self._navigation(course_key)
        self._video()
        self._problems()
        self._forum()

    def in_course(self, **more: Any) -> dict[str, Any]:
        """Context of a statement inside the course (``parent[0]`` is the course)."""
        return {"contextActivities": {"parent": [self.parent]}, "extensions": extensions(**more)}

    def course_object(self, ext: dict[str, Any] | None) -> dict[str, Any]:
        """The course as the object (enrollment, grades)."""
        definition: dict[str, Any] = {"name": {"en": self.name}, "type": COURSE}
        if ext is not None:
            definition = {"extensions": ext, **definition}
        return {"definition": definition, "id": self.course_url, "objectType": "Activity"}

    def _enrollment_and_grades(self) -> None:
        enrolled = self.course_object({X_MODE: "@@mode@@"})
        plain = {"extensions": extensions()}
        self.registered = compile_template(
            base("http://adlnet.gov/expapi/verbs/registered", enrolled, plain), ("mode",)
        )
        self.unregistered = compile_template(
            base("http://id.tincanapi.com/verb/unregistered", enrolled, plain), ("mode",)
        )
        self.passed = compile_template(
            base("http://adlnet.gov/expapi/verbs/passed", self.course_object({}), plain)
        )
        self.failed = compile_template(
            base("http://adlnet.gov/expapi/verbs/failed", self.course_object({}), plain)
        )
        score = {"scaled": "@@#scaled@@", "raw": "@@#scaled@@", "min": 0.0, "max": 1.0}
        result = {"score": score, "extensions": {X_GRADE: "@@grade@@"}}
        earned = {"id": "@@id@@", "result": result, "version": "1.0.3", "actor": actor()}
        earned.update(
            verb=verb("http://id.tincanapi.com/verb/earned"),
            object=self.course_object(None),
            timestamp="@@timestamp@@",
            context=self.in_course(),
        )
        self.earned = compile_template(earned, ("scaled", "grade"))

    def _navigation(self, course_key: str) -> None:
        sequence = {
            "definition": {
                "extensions": {X_TOTAL: "@@#total@@"},
                "type": "http://id.tincanapi.com/activitytype/resource",
            },
            "id": BLOCK_URL,
            "objectType": "Activity",
        }
        slots = ("block", "total", "start")
        context = self.in_course(**{X_END: "next unit", X_START: "@@#start@@"})
        self.next = compile_template(base(NAVIGATED, sequence, context), slots)
        context = self.in_course(**{X_END: "previous unit", X_START: "@@#start@@"})
        self.previous = compile_template(base(NAVIGATED, sequence, context), slots)
        context = self.in_course(**{X_START: "@@#start@@", X_END: "@@#end@@"})
        self.tab = compile_template(base(NAVIGATED, sequence, context), (*slots, "end"))
        outline = {
            "definition": {
                "name": {"en": "@@name@@"},
                "type": "http://adlnet.gov/expapi/activities/module",
            },
            "id": f"{LMS}/courses/{course_key}/jump_to/@@block@@",
            "objectType": "Activity",
        }
        context = self.in_course()
        self.jump_to = compile_template(base(NAVIGATED, outline, context), ("block", "name"))

    def _video(self) -> None:
        video = {"definition": {"type": VIDEO}, "id": BLOCK_URL, "objectType": "Activity"}
        slots = ("block", "length")
        context = self.in_course(**{X_LENGTH: "@@#length@@"})
        # initialized: the corpus (load_video) puts object before context.
        loaded = {"id": "@@id@@", "actor": actor(), "object": video, "context": context}
        loaded.update(
            timestamp="@@timestamp@@",
            verb=verb("http://adlnet.gov/expapi/verbs/initialized"),
            version="1.0.3",
        )
        self.initialized = compile_template(loaded, slots)
        at_time = {"extensions": {X_TIME: "@@#time@@"}}

        def at(verb_iri: str) -> Any:
            return compile_template(
                base(verb_iri, video, context, result=at_time), (*slots, "time")
            )

        self.played = at("https://w3id.org/xapi/video/verbs/played")
        self.paused = at("https://w3id.org/xapi/video/verbs/paused")
        self.terminated = at("http://adlnet.gov/expapi/verbs/terminated")
        seek = {
            "extensions": {
                "https://w3id.org/xapi/video/extensions/time-from": "@@#from@@",
                "https://w3id.org/xapi/video/extensions/time-to": "@@#to@@",
            }
        }
        body = base("https://w3id.org/xapi/video/verbs/seeked", video, context, result=seek)
        self.seeked = compile_template(body, (*slots, "from", "to"))
        done = {**at_time, "completion": True, "duration": "@@duration@@"}
        body = base("http://adlnet.gov/expapi/verbs/completed", video, context, result=done)
        self.completed = compile_template(body, (*slots, "time", "duration"))

    def _problems(self) -> None:
        # One-question problem: problem_check(server).json.
        obj = {
            "definition": {
                "extensions": {X_ATTEMPT: "@@#attempt@@"},
                "description": {"en-US": "@@question@@"},
                "interactionType": "choice",
                "type": CMI,
            },
            "id": BLOCK_URL,
            "objectType": "Activity",
        }
        score = {"max": "@@#max@@", "min": 0, "raw": "@@#raw@@", "scaled": "@@#scaled@@"}
        result = {"response": "@@response@@", "score": score, "success": "@@#success@@"}
        slots = ("block", "attempt", "question", "response", "max", "raw", "scaled", "success")
        body = base(EVALUATED, obj, self.in_course(), result=result)
        self.evaluated = compile_template(body, slots)
        # Multi-question problem: a GroupActivity parent and one child statement per question
        # (problem_check(server,multiple_questions,*).json).
        group = {
            "objectType": "GroupActivity",
            "id": BLOCK_URL,
            "definition": {"type": CMI, "name": {"en-US": "@@name@@"}, "interactionType": "other"},
        }
        score = {"min": 0, "max": "@@#max@@", "raw": "@@#raw@@", "scaled": "@@#scaled@@"}
        head = {"id": "@@id@@", "result": {"score": score, "success": "@@#success@@"}}
        head.update(version="1.0.3", actor=actor(), verb=verb(EVALUATED), object=group)
        parent = {**head, "timestamp": "@@timestamp@@", "context": self.in_course()}
        self.evaluated_parent = compile_template(
            parent, ("block", "name", "max", "raw", "scaled", "success")
        )
        part = {
            "objectType": "Activity",
            "id": f"{BLOCK_URL}_@@part@@_1",
            "definition": {
                "type": CMI,
                "description": {"en-US": "@@question@@"},
                "interactionType": "choice",
            },
        }
        result = {"response": "@@response@@", "success": "@@#success@@"}
        child = {"id": "@@id@@", "result": result, "version": "1.0.3", "actor": actor()}
        child.update(verb=verb(EVALUATED), object=part, timestamp="@@timestamp@@")
        child["context"] = {
            "statement": {"id": "@@parent@@", "objectType": "StatementRef"},
            "contextActivities": {"parent": [group], "grouping": [self.parent]},
            "extensions": extensions(),
        }
        self.evaluated_child = compile_template(
            child, ("block", "name", "part", "question", "response", "success", "parent")
        )

    def _forum(self) -> None:
        threads = f"{LMS}/api/discussion/v1/threads/"
        thread = {
            "definition": {"name": {"en": "@@title@@"}, "type": DISCUSSION},
            "id": threads + "@@thread@@",
            "objectType": "Activity",
        }
        context = self.in_course(**{X_MODE: "discussion"})
        self.thread = compile_template(base(POSTED, thread, context), ("thread", "title"))
        comment = {
            "definition": {"type": DISCUSSION},
            "id": f"{LMS}/api/discussion/v1/comments/@@comment@@",
            "objectType": "Activity",
        }
        context = self.in_course()
        context["contextActivities"]["grouping"] = [
            {
                "id": threads + "@@thread@@",
                "objectType": "Activity",
                "definition": {"type": DISCUSSION},
            }
        ]
        self.response = compile_template(base(POSTED, comment, context), ("comment", "thread"))
