"""The `procurement` command: check documents, validate the catalogue, serve the web app."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

from procurement import sandbox
from procurement.catalogue import THEME_NAMES, CatalogueError, load
from procurement.database_state import DatabaseNotReady
from procurement.documents import MAX_BYTES, UnreadableDocument, parse
from procurement.matching import ENGINE_VERSION, STATUS_NAMES, Report, compile_catalogue
from procurement.matching.contract import document_dict, error_dict, output

log = logging.getLogger(__name__)
EXIT_OK, EXIT_INTERNAL, EXIT_UNREADABLE = 0, 1, 2
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def groups_word(ids: list[str]) -> str:
    return "productgroepen" if len(ids) > 1 else "productgroep"


def printable(name: str) -> str:
    """A file name on one line: control characters (a newline in a name) shown as '?'."""
    return CONTROL.sub("?", name)


def read_document(path: Path) -> Any:
    """Bytes of a file -> Document, or UnreadableDocument with a reason a person understands."""
    return parse(read_file(path), path.name)


def read_file(path: Path) -> bytes:
    """The bytes of a document file, or UnreadableDocument (missing, a folder, a device, too big)."""
    if not path.exists():
        raise UnreadableDocument("Het bestand bestaat niet.")
    if path.is_dir():
        raise UnreadableDocument("Dit is een map, geen bestand.")
    if not path.is_file():  # a device or a pipe (/dev/zero) would be read without end
        raise UnreadableDocument("Dit is geen gewoon bestand (maar bv. een apparaat of een pijp).")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableDocument(f"Het bestand is te groot ({size / 1e6:.0f} MB; maximum {MAX_BYTES / 1e6:.0f} MB).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"Het bestand kan niet gelezen worden ({exc.strerror}).") from exc
    return data


def cmd_check(args: argparse.Namespace) -> int:
    limits = sandbox.Limits.of(os.environ)
    catalogue = load(args.catalogue)
    sandbox.fork_from_here(catalogue)  # one process, no threads: children forked from here, matcher compiled once
    known = {g.id for g in catalogue.product_groups}
    unknown = [g for g in args.product_group or [] if g not in known]
    if unknown:
        print(
            f"procurement check: onbekende {groups_word(unknown)} {', '.join(unknown)} "
            f"(kies uit: {', '.join(sorted(known))})",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.product_group:
        args.product_group = list(dict.fromkeys(args.product_group))  # a group given twice counts once
    documents: list[dict[str, Any]] = []
    reports: list[tuple[str, Report | str, tuple[str, ...]]] = []
    status = EXIT_OK
    for name in args.files:
        try:  # each file read and checked in a child process within the limits (procurement/sandbox.py)
            checked = sandbox.check(
                [(Path(name).name, read_file(Path(name)))], catalogue, limits,
                product_groups=args.product_group, all_criteria=args.all_criteria, named=False,
            )
        except UnreadableDocument as exc:
            print(f"{printable(name)}: {exc.reason}", file=sys.stderr)
            documents.append(error_dict(name, exc.reason))
            reports.append((name, exc.reason, ()))
            status = EXIT_UNREADABLE
            continue
        entry = document_dict(name, checked.report)
        if checked.notes[0]:  # beyond the contract: what the reader cut off or guessed
            entry["notes"] = list(checked.notes[0])
        documents.append(entry)
        reports.append((name, checked.report, checked.notes[0]))
    if args.format == "json":
        json.dump(output(catalogue.version, ENGINE_VERSION, documents), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(catalogue.version, reports))
    return status


def render_text(version: str, reports: list[tuple[str, Report | str, tuple[str, ...]]]) -> str:
    lines = [f"Catalogus {version}, engine {ENGINE_VERSION}", ""]
    for name, report, notes in reports:
        lines.append(f"== {name}")
        lines.extend(f"   Opmerking: {note}" for note in notes)
        if isinstance(report, str):
            lines += [f"   Niet gelezen: {report}", ""]
            continue
        groups = ", ".join(f"{g.id} ({g.evidence})" for g in report.product_groups) or "geen herkend"
        score = "-" if report.score is None else f"{report.score:.1f}"
        lines.append(f"   Productgroepen: {groups}")
        lines.append(
            f"   Score: {score}/100   Essentiële criteria volledig: {'ja' if report.essential_complete else 'nee'}"
        )
        for theme, s in report.themes.items():
            value = "-" if s.score is None else f"{s.score:.1f}"
            lines.append(
                f"   {THEME_NAMES[theme]:<28} {value:>6}  ({s.met} aanwezig, {s.partial} gedeeltelijk, "
                f"{s.missing} ontbreekt)"
            )
        todo = [f for f in report.findings if f.status in ("missing", "partial")]
        if todo:
            lines.append("   Toe te voegen of aan te vullen:")
            for f in todo:
                extra = f" — ontbreekt: {'; '.join(f.missing_elements)}" if f.missing_elements else ""
                mark = " [essentieel]" if f.essential else ""
                lines.append(f"   - {f.criterion} ({STATUS_NAMES[f.status]}){mark}{extra}")
        lines.append("")
    return "\n".join(lines)


def cmd_annotate(args: argparse.Namespace) -> int:
    """The bestek back as .docx: comments at the evidence, missing clauses inserted as tracked changes."""
    from datetime import UTC, datetime

    from procurement.reports.annotate import AnnotationError, annotate, clause_texts, notes_from_report

    catalogue = load(args.catalogue)
    known = {g.id for g in catalogue.product_groups}
    unknown = [g for g in args.product_group or [] if g not in known]
    if unknown:
        print(f"procurement annotate: onbekende {groups_word(unknown)} {', '.join(unknown)} "
              f"(kies uit: {', '.join(sorted(known))})", file=sys.stderr)
        return EXIT_UNREADABLE
    source, target = Path(args.file), Path(args.output)
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        print(f"{printable(args.output)}: het geannoteerde bestek mag het origineel niet overschrijven; "
              "kies een andere naam met -o.", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        data = read_file(source)
        document = parse(data, source.name)
        if document.format != "docx":
            raise UnreadableDocument(NOT_WORD)
        groups = list(dict.fromkeys(args.product_group)) if args.product_group else None
        report = compile_catalogue(catalogue).run(document, product_groups=groups)
        notes = notes_from_report(report, clause_texts(catalogue))
        annotated = annotate(data, document, notes, moment=datetime.now(UTC))
    except (UnreadableDocument, AnnotationError) as exc:
        print(f"{printable(args.file)}: {exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_bytes(annotated.data)
        partial.replace(target)  # never a half-written file under the name asked for
    except OSError as exc:
        partial.unlink(missing_ok=True)
        print(f"{printable(args.output)}: kan niet geschreven worden ({exc.strerror}).", file=sys.stderr)
        return EXIT_UNREADABLE
    added = f"; nieuwe delen op het einde: {', '.join(annotated.new_sections)}" if annotated.new_sections else ""
    print(f"{printable(args.output)}: {annotated.comments} opmerkingen, {annotated.insertions} clausules "
          f"ingevoegd als voorgestelde wijziging{added}.")
    return EXIT_OK


NOT_WORD = (
    "Enkel een Word-bestand (.docx) krijgt een geannoteerde kopie: in een PDF of OpenDocument-bestand kan de "
    "controle geen opmerkingen en voorgestelde wijzigingen zetten. Gebruik `procurement check` of de Word-bijlage "
    "in de webtoepassing."
)


def cmd_catalogue_check(args: argparse.Namespace) -> int:
    from procurement.catalogue_lint import lint, summary

    catalogue = load(args.catalogue)
    problems = lint(catalogue)
    print(summary(catalogue))
    print_overlaps_and_background(catalogue, args.background)
    for problem in problems:
        print(f"FOUT: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
        return EXIT_INTERNAL
    print("Catalogus in orde.")
    return EXIT_OK


def print_overlaps_and_background(catalogue: Any, folder: Path | None) -> None:
    """What a catalogue author should look at, not errors: overlapping criteria and findings in ordinary text."""
    from procurement.catalogue_lint import background_findings, overlaps

    matcher = compile_catalogue(catalogue)  # compiled once for both reports
    pairs = overlaps(catalogue, matcher)
    print(f"\nOverlap: {len(pairs)} clausule(s) ook gevonden als een ander criterium van hetzelfde thema "
          "(kandidaten voor 'refines', samenvoegen of scherpere frasen):")
    for a, b, status in pairs:
        print(f"  {a} -> {b} ({STATUS_NAMES[status]})")
    folder = folder or Path(__file__).resolve().parents[1] / "benchmarks" / "background"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        return
    documents = [parse(f.read_bytes(), f.name) for f in files]
    words = sum(d.word_count for d in documents)
    found = background_findings(catalogue, documents, matcher)
    total = sum(len(v) for v in found.values())
    print(f"\nAchtergrondcorpus {folder} ({len(files)} teksten, {words} woorden, zonder duurzaamheidseisen): "
          f"{total} vals gevonden criteria, {total * 100_000 / max(words, 1):.2f} per 100.000 woorden")
    for criterion, hits in sorted(found.items(), key=lambda kv: -len(kv[1])):
        for file, status, quote in hits:
            print(f"  {criterion} ({STATUS_NAMES[status]}) in {file}: {printable(quote)[:100]}")


def cmd_serve(args: argparse.Namespace) -> int:
    """The embedded default: `procurement setup`'s steps (with the demo on this computer), the worker, waitress."""
    from procurement.web.serve import serve

    return serve(host=args.host, port=args.port)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run analysis jobs from Redis (PROCUREMENT_REDIS_URL) until stopped, or until the queue is empty (--burst).

    The database must be ready (`procurement setup`): the worker refuses another one, and at its start it does
    what a worker needs itself: analyses left by a dead process queued again or failed, waiting ones enqueued."""
    from procurement.app import create_app
    from procurement.startup import recover_analyses

    logging.getLogger("procurement").setLevel(logging.INFO)
    # a worker answers no HTTP requests: it needs no Host names unless the environment gives them
    app = create_app(None if "PROCUREMENT_TRUSTED_HOSTS" in os.environ else {"TRUSTED_HOSTS": []})
    if not app.config.get("REDIS_URL"):
        print("procurement worker: geen wachtrij ingesteld; zet PROCUREMENT_REDIS_URL (bv. redis://localhost:6379/0). "
              "Zonder wachtrij analyseert de webtoepassing zelf.", file=sys.stderr)
        return EXIT_UNREADABLE
    from procurement import jobs

    recover_analyses(app)
    jobs.work(app, burst=args.burst)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="procurement", description="Duurzame overheidsopdrachten: controle van bestekken."
    )
    parser.add_argument("--catalogue", type=Path, default=None, help="map met de criteria (standaard: criteria/)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="controleer bestekken tegen de catalogus (schrijft niets weg)")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--format", choices=("json", "text"), default="text")
    check.add_argument("--product-group", action="append", metavar="ID", help="productgroep (herhaalbaar)")
    check.add_argument("--all-criteria", action="store_true", help="beoordeel elk criterium van de catalogus")
    check.set_defaults(func=cmd_check)

    annotate = sub.add_parser(
        "annotate", help="het bestek als Word terug: opmerkingen bij de vindplaatsen, ontbrekende clausules als "
        "voorgestelde wijziging"
    )
    annotate.add_argument("file", metavar="BESTEK.docx")
    annotate.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    annotate.add_argument("--product-group", action="append", metavar="ID", help="productgroep (herhaalbaar)")
    annotate.set_defaults(func=cmd_annotate)

    catalogue = sub.add_parser("catalogue", help="de criteriacatalogus")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", required=True)
    lint_cmd = catalogue_sub.add_parser("check", help="valideer en controleer de catalogus")
    lint_cmd.add_argument(
        "--background",
        type=Path,
        default=None,
        help="map met gewone contractteksten (*.txt) zonder duurzaamheidseisen (standaard: benchmarks/background)",
    )
    lint_cmd.set_defaults(func=cmd_catalogue_check)

    from procurement.cli_setup import add_parsers as add_setup_parsers
    from procurement.cli_users import add_parser as add_users_parser

    add_setup_parsers(sub, catalogue_sub)
    add_users_parser(sub)

    serve = sub.add_parser("serve", help="start de webtoepassing (voert eerst de stappen van `setup` uit)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="voer analyses uit uit de wachtrij (Redis: PROCUREMENT_REDIS_URL)")
    worker.add_argument("--burst", action="store_true", help="stop zodra de wachtrij leeg is")
    worker.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    # errors only: stderr carries one line per unreadable file, which scripts read (the check contract)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DatabaseNotReady as exc:  # the database needs a start-up step first: the message names it
        print(f"procurement {args.command}: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    except CatalogueError as exc:
        print(f"procurement: catalogus ongeldig: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except BrokenPipeError:  # `procurement check ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:  # noqa: BLE001 - the contract: exit 1 on an internal error, with the trace in the log
        log.exception("internal error")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
