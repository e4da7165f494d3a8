"""Schema problems of an organisations file in the batch's words: `org-…` codes, rows, columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..framework.schema import Path_, SchemaProblem, load_schema
from ..framework.schema_messages import SchemaMessages
from ..framework.schema_words import slug

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA = "organisations"
_DEFS = load_schema(SCHEMA)["$defs"]
# The fields of an organisation (the columns of a CSV header) and of an extra contact, in the
# schema's order, and the fields every organisation has.
COLUMNS = tuple(_DEFS["organisation"]["properties"])
REQUIRED = tuple(_DEFS["organisation"]["required"])
CONTACT_FIELDS = tuple(_DEFS["extra_contact"]["properties"])
# The code of a value that does not have its field's form (its pattern), by field name; the
# fields of an extra contact are named like the contact person's.
FORM_CODES = {"id": "org-id-invalid", "contact_phone": "org-phone-invalid",
              "alternative_phone": "org-phone-invalid", "phone": "org-phone-invalid",
              "contact_email": "org-email-invalid", "email": "org-email-invalid",
              "url": "org-url-invalid"}
SHAPE_HINT = "start each organisation with '- id: ...'"
EXTRA_FORM_HINT = "separate contacts with ';' and the parts of one with '|'"
EXTRA_NEEDS_HINT = "write it as 'Name|phone' or 'Name|phone|email'"
LOCAL_FORM_HINT = ("write them as 'contact-id|number;contact-id|number' (a contact's id, "
                   "'|', its number)")


def words(column: str) -> str:
    """A column as words in a sentence: `contact_name` → "contact name"."""
    return column.replace("_", " ")


def rows_prefix(document: Any) -> Path_:
    """Where the list of organisations is: the file itself, or its `organisations` field."""
    return ("organisations",) if isinstance(document, dict) else ()


def id_problem(org_id: str, path: Path_, max_length: int,
               language: str | None = None) -> SchemaProblem:
    """The problem of an id that cannot be a file name (the schema's id rule)."""
    # What they wrote, in the form of an id (in the framework's language), if that is all
    # it lacks.
    example = slug(org_id, language)
    fits = example and example != org_id and len(example) <= max_length
    hint = (f"use lowercase letters, digits and single '-' only, at most {max_length} "
            "characters" + (f", for example '{example}'" if fits else ""))
    return SchemaProblem(path, "org-id-invalid", f"the id '{org_id}' cannot be a file name",
                         (hint,))


def phone_problem(number: str, path: Path_, why: str, hint: str) -> SchemaProblem:
    """The problem of a phone number nobody can dial (`why`: what is wrong with it)."""
    return SchemaProblem(path, "org-phone-invalid",
                         f"the phone number '{number}' is not valid ({why})", (hint,))


def emergency_problem(number: str, path: Path_) -> SchemaProblem:
    """The problem of an emergency number given as a person's or a service's own number: a
    worker who rings it to tell the contact person reaches the emergency desk."""
    whose = {"contact_phone": "the contact person's number",
             "alternative_phone": "the number of whom to tell instead"}.get(
        str(path[-1]), f"the number of '{path[-1]}'" if "local_phones" in path
        else "an extra contact's number")
    return SchemaProblem(path, "org-phone-emergency",
                         f"'{number}' is an emergency number, not {whose}",
                         ("write the number this contact answers on; every paper already "
                          "prints the emergency numbers",))


class OrgFileMessages(SchemaMessages):
    """Turns jsonschema errors on an organisations file into the batch's `org-…` problems.

    A row is an item of the file's list; its fields are the CSV columns. What this class does
    not word itself (nothing the schema allows today) keeps the framework's `schema-…` words.
    """

    def where(self, path: Path_) -> str:
        """A name for the thing at `path`; the file itself is "the organisations file"."""
        return "the organisations file" if not path else super().where(path)

    def problems(self, error: ValidationError) -> Iterator[SchemaProblem]:
        """The problems one jsonschema error stands for, in the batch's words."""
        path: Path_ = tuple(error.absolute_path)
        prefix = rows_prefix(self.document)
        relative = path[len(prefix):] if path[:len(prefix)] == prefix else path
        if len(relative) == 0:
            yield SchemaProblem(path, "org-file-shape", "the file must be a list of organisations",
                                (SHAPE_HINT,))
        elif len(relative) == 1:
            yield from self._row(error, path)
        elif relative[1] == "extra_contacts" and len(relative) > 2:
            yield from self._extra_contact(error, path[:len(prefix) + 3], int(relative[2]) + 1)
        elif relative[1] == "local_phones" and len(relative) > 2:
            yield from self._local_phone(error, path, str(relative[2]))
        else:
            yield from self._field(error, path, str(relative[1]))

    def _row(self, error: ValidationError, path: Path_) -> Iterator[SchemaProblem]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        if error.validator == "required":
            required: Any = error.validator_value
            for name in required:
                if name not in instance:
                    yield SchemaProblem((*path, name), "org-field-missing",
                                        f"the {words(name)} is missing",
                                        (f"fill in the column '{name}'",))
        elif error.validator == "dependentRequired":
            # A value that says nothing without another (a number without whose it is).
            needs: Any = error.validator_value
            for given, wanted in needs.items():
                for name in wanted if given in instance else ():
                    if name not in instance:
                        yield SchemaProblem((*path, given), "org-field-missing",
                                            f"the {words(given)} is given without the "
                                            f"{words(name)}", (f"fill in the column '{name}'",))
        elif error.validator == "additionalProperties":
            for key in instance:
                if key not in COLUMNS:
                    yield SchemaProblem((*path, key), "org-column-unknown",
                                        f"unknown field '{key}'",
                                        ("the fields are: " + ", ".join(COLUMNS),),
                                        key_error=True)
        elif error.validator == "type":
            yield SchemaProblem(path, "org-file-shape",
                                "each organisation must be a mapping of fields", (SHAPE_HINT,))
        else:
            yield from super().problems(error)

    def _field(self, error: ValidationError, path: Path_, column: str,
               ) -> Iterator[SchemaProblem]:
        value = error.instance
        keyword = error.validator
        if column == "local_phones" and (keyword in ("type", "maxProperties")
                                         or "propertyNames" in error.schema_path):
            yield self._local_phones(error, path)
        elif keyword == "type":
            noun = "a list of contacts" if column == "extra_contacts" else "a text"
            yield SchemaProblem(path, "org-field-type", f"'{column}' must be {noun}")
        elif column == "id" and keyword in ("pattern", "maxLength"):
            schema = error.schema if isinstance(error.schema, dict) else {}
            yield id_problem(str(value), path, int(schema.get("maxLength", 0)), self.language)
        elif keyword == "maxLength":
            yield SchemaProblem(path, "org-field-too-long", f"the {words(column)} is longer "
                                f"than {error.validator_value} characters")
        elif keyword == "minLength":
            yield SchemaProblem(path, "org-field-missing", f"the {words(column)} is missing",
                                (f"fill in the column '{column}'",))
        elif keyword == "maxItems" and isinstance(value, list):
            yield SchemaProblem(path, "org-extra-contact-invalid",
                                f"there are {len(value)} extra contacts; at most "
                                f"{error.validator_value} fit the organisation's page",
                                ("keep the contacts a worker needs; the others belong on your "
                                 "website",))
        elif keyword == "pattern" and column in FORM_CODES:
            yield self._form(FORM_CODES[column], str(value), path)
        else:
            yield from super().problems(error)

    def _form(self, code: str, value: str, path: Path_) -> SchemaProblem:
        if code == "org-phone-invalid":
            return phone_problem(value, path, "digits only, with spaces or . / ( ) - between "
                                 "them", "a number of another country starts with '+' and "
                                 "its country code")
        if code == "org-email-invalid":
            return SchemaProblem(path, code, f"'{value}' is not an email address",
                                 ("write it like 'name@example.org'",))
        return SchemaProblem(path, code, f"'{value}' is not a web address",
                             ("start it with https:// (or http://)",))

    def _local_phones(self, error: ValidationError, path: Path_) -> SchemaProblem:
        """The organisation's own numbers as a whole: their form, an id, how many."""
        if "propertyNames" in error.schema_path:
            name = str(error.instance)
            example = slug(name, self.language)
            return SchemaProblem((*path, name), "org-local-phone-unknown",
                                 f"'{name}' is not the id of a contact",
                                 ("write the contact's id as the framework has it"
                                  + (f", for example '{example}'" if example else ""),),
                                 key_error=True)
        if error.validator == "maxProperties":
            return SchemaProblem(path, "org-field-too-long", "more than "
                                 f"{error.validator_value} local numbers")
        twice = _given_twice(error.instance)
        if twice:
            return SchemaProblem(path, "org-local-phone-duplicate", f"the contact '{twice}' is "
                                 "given more than one number",
                                 ("give each contact one number: its paper has one line "
                                  "for it",))
        return SchemaProblem(path, "org-field-type", "'local_phones' must be pairs of a "
                             "contact's id and its number", (LOCAL_FORM_HINT,))

    def _local_phone(self, error: ValidationError, path: Path_, contact_id: str,
                     ) -> Iterator[SchemaProblem]:
        """One of the organisation's own numbers, for the contact `contact_id`."""
        if error.validator == "pattern":
            yield self._form("org-phone-invalid", str(error.instance), path)
        elif error.validator == "maxLength":
            yield SchemaProblem(path, "org-field-too-long", f"the number for '{contact_id}' "
                                f"is longer than {error.validator_value} characters")
        else:
            yield SchemaProblem(path, "org-field-type",
                                f"the number for '{contact_id}' must be a text",
                                (LOCAL_FORM_HINT,))

    def _extra_contact(self, error: ValidationError, path: Path_, number: int,
                       ) -> Iterator[SchemaProblem]:
        # A problem of one part of a contact is placed on that part where the file has it
        # apart (YAML), else on the contact (in a CSV file: on its cell).
        at: Path_ = tuple(error.absolute_path)
        part = at[-1] if len(at) > len(path) else None
        keyword = error.validator
        if keyword == "type":
            yield SchemaProblem(at, "org-extra-contact-invalid",
                                f"extra contact {number} is not 'Name|phone' or "
                                "'Name|phone|email'", (EXTRA_FORM_HINT,))
        elif keyword in ("required", "anyOf", "minLength"):
            yield SchemaProblem(path, "org-extra-contact-invalid",
                                f"extra contact {number} needs a name and a phone number or "
                                "email", (EXTRA_NEEDS_HINT,))
        elif keyword == "additionalProperties":
            instance = error.instance if isinstance(error.instance, dict) else {}
            for key in instance:
                if key not in CONTACT_FIELDS:
                    yield SchemaProblem((*path, key), "org-column-unknown",
                                        f"unknown field '{key}' in extra contact {number}",
                                        ("the fields of a contact are: "
                                         + ", ".join(CONTACT_FIELDS),), key_error=True)
        elif keyword == "maxLength":
            yield SchemaProblem(at, "org-field-too-long",
                                f"extra contact {number} has a value longer than "
                                f"{error.validator_value} characters")
        elif keyword == "pattern" and part in FORM_CODES:
            yield self._form(FORM_CODES[str(part)], str(error.instance), at)
        else:
            yield from super().problems(error)


def _given_twice(value: Any) -> str | None:
    """The first contact id that `value`, local numbers read as a list of (id, number)
    pairs, gives more than once; None if it is no such list or names each id once."""
    if not isinstance(value, list) or not all(isinstance(pair, list) and len(pair) == 2
                                              for pair in value):
        return None
    seen: set[str] = set()
    for contact_id, _number in value:
        if contact_id in seen:
            return str(contact_id)
        seen.add(contact_id)
    return None
