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
