"""procurement.matching stays pure: no web, database or form libraries, same input -> same output."""

import json
import subprocess
import sys


def test_importing_the_matcher_loads_no_flask_sqlalchemy_or_wtforms() -> None:
    code = (
        "import sys, json; import procurement.matching, procurement.catalogue; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('flask','sqlalchemy','wtforms',"
        "'flask_sqlalchemy','flask_wtf'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_check_command_loads_no_database_migration_or_web_library(tmp_path) -> None:
    # `procurement check` is what the speed budget measures: the start-up steps' libraries stay out of it
    document = tmp_path / "bestek.txt"
    document.write_text("Artikel 1. De opdrachtnemer levert koffie met het Fairtrade-label.\n", encoding="utf-8")
    code = (
        "import sys, json, io, contextlib; from procurement import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = cli.main(['check', '--format', 'json', {str(document)!r}])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'flask', "
        "'sqlalchemy', 'flask_sqlalchemy', 'wtforms'))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, []]
