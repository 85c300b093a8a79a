#!/usr/bin/env bash
# Reruns lupdate over core/, ui/ and app/ so that resources/translations/*.ts list every tr() string,
# then says which German strings still need a translation (tst_translations fails until they have one).
# Run it after merging branches that add or change user-visible strings; translate with Qt Linguist
# (`linguist resources/translations/ns-inbox_de.ts`) or any editor, then rebuild.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
packaging/install-deps.sh run
build=${NS_INBOX_BUILD_DIR:-$here/build}
# Configuring again picks up source files that appeared since the last run (the list is a glob).
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target update_translations
for ts in resources/translations/*.ts; do
  python3 - "$ts" <<'PY'
import sys, xml.etree.ElementTree as ET
path = sys.argv[1]
missing = []
for context in ET.parse(path).getroot().iter("context"):
    for message in context.iter("message"):
        t = message.find("translation")
        kind = t.get("type") if t is not None else "unfinished"
        if kind in ("vanished", "obsolete"):
            continue
        if kind == "unfinished" or not (t.text or "").strip() and t.find("numerusform") is None:
            missing.append(f'  {context.findtext("name")}: {message.findtext("source")!r}')
print(f"{path}: {len(missing)} string(s) to translate" + (":" if missing else ""))
print("\n".join(missing))
PY
done
