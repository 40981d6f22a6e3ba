#!/usr/bin/env python3
"""Assembles nhiscan's labelled detection corpus, outside the repository.

Each sample is one file, labelled `secret` (it holds at least one credential) or `clean`
(it holds none), with the provider, the syntax the credential is written in and, where the
source says so, the lines that hold it. Samples come from other open projects' published test
material, read from their git repositories at build time (never copied into nhiscan), and from
cases generated here: credentials of documented formats written in every assignment syntax we
claim to read, next to look-alikes written in the same syntaxes.

    build.py --mirrors DIR --out DIR

`--mirrors` holds one bare clone per project, at DIR/<owner>+<name>/repo (the layout of the
session fetch tool; `git clone --mirror https://github.com/<owner>/<name> DIR/<owner>+<name>/repo`
makes the same). A project that is missing is left out and named on standard error.

Reserved for an independent evaluation and never read here: the test material of Kingfisher,
Nosey Parker, gitleaks (and semgrep's copies of its rules, `generic/secrets/gitleaks`),
TruffleHog, CredSweeper and Leaky Repo.
"""
import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zlib

SOURCES = {
    "secretlint": "secretlint+secretlint",
    "semgrep": "semgrep+semgrep-rules",
    "detect-secrets": "Yelp+detect-secrets",
    "whispers": "Skyscanner+whispers",
    "ripsecrets": "sirwart+ripsecrets",
}

# Provider slugs as nhiscan's rules spell them, from the names the sources use.
PROVIDER_ALIASES = [
    ("aws", "aws"), ("amazon", "aws"), ("google", "gcp"), ("gcp", "gcp"),
    ("github", "github"), ("gitlab", "gitlab"), ("slack", "slack"), ("stripe", "stripe"),
    ("azure", "azure"), ("openai", "openai"), ("anthropic", "anthropic"),
    ("huggingface", "huggingface"), ("npm", "npm"), ("pypi", "pypi"), ("sendgrid", "sendgrid"),
    ("twilio", "twilio"), ("mailchimp", "mailchimp"), ("mailgun", "mailgun"),
    ("square", "square"), ("shopify", "shopify"), ("discord", "discord"),
    ("telegram", "telegram"), ("jwt", "jwt"), ("private", "private-key"), ("pem", "private-key"),
    ("pgp", "private-key"), ("ssh", "private-key"), ("privatekey", "private-key"),
    ("secp256k1", "private-key"), ("age", "age"), ("artifactory", "jfrog"),
    ("facebook", "facebook"), ("heroku", "heroku"), ("databricks", "databricks"),
    ("docker", "docker"), ("figma", "figma"), ("grafana", "grafana"), ("groq", "groq"),
    ("hashicorp", "hashicorp"), ("linear", "linear"), ("notion", "notion"),
    ("tailscale", "tailscale"), ("vercel", "vercel"), ("1password", "1password"),
    ("cloudflare", "cloudflare"), ("ibm", "ibm"), ("softlayer", "ibm"), ("cloudant", "ibm"),
    ("paypal", "paypal"), ("braintree", "paypal"), ("snyk", "snyk"), ("sonarqube", "sonarqube"),
    ("codeclimate", "codeclimate"), ("sauce", "saucelabs"), ("hockeyapp", "hockeyapp"),
    ("kolide", "kolide"), ("onfido", "onfido"), ("outlook", "microsoft"),
    ("picatic", "picatic"), ("maven", "maven"), ("intra42", "42"),
    ("basic", "basic-auth"), ("uri", "basic-auth"), ("url", "basic-auth"),
    ("database", "database"), ("connection", "database"), ("jdbc", "database"),
]


# A secret sample is *realistic* unless its credential is visibly made up: a run of x or *, a
# counting sequence, a truncated body, or a value that spells out what it stands for. Other
# projects' fixtures use such values to exercise their regexes; a real leak does not look like
# one. Both figures are reported, so that no scanner gains by flagging placeholders.
PLACEHOLDER = re.compile(
    rb"(?i)x{6,}|\*{4,}|\.{3}|0123456789|1234567890|abcdefgh|hardcoded|changeme|placeholder"
    rb"|redacted|dummy|\byour[_-]|<your[^>]*>|pass(?:word)?[0-9!#$%^&*]|:pass@|\busername:|sample|\bblah\b"
    rb"|p[a@4]ssw0rd|p[@4]ssw[o0]rd|example|([A-Za-z0-9])\1{7,}|([A-Za-z0-9]{2,8})\2{2,}"
    # doubled counting letters (`aAbBcCdD`)
    rb"|aabbccdd"
    # jwt.io's sample token, signed with the published secret `your-256-bit-secret`, and its
    # payload (`"sub":"1234567890","name":"John Doe"`) however it is signed
    rb"|SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c|eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIi"
    # AWS's documented example secret key, edited (`...bPxRfiCYSECRETSKEY`)
    rb"|wJalrXUtnFEMI/K7MDENG/bPxRfiCY"
)
PEM_BEGIN = re.compile(rb"-----BEGIN[A-Z ]*PRIVATE KEY( BLOCK)?-----")


def realistic(text):
    """False when the sample's credential is a placeholder (see PLACEHOLDER)."""
    if PLACEHOLDER.search(text):
        return False
    # A private key needs its whole body: a header and a line or two are a fragment.
    if PEM_BEGIN.search(text) and b"-----END" not in text:
        return False
    return True


def provider_of(name):
    n = name.lower().replace("_", "-")
    for word, slug in PROVIDER_ALIASES:
        if word in n:
            return slug
    return "generic"


class Corpus:
    """The samples written so far, and the labels file they are listed in."""

    def __init__(self, out):
        self.out = out
        self.labels = []
        self.seen = set()

    def add(self, source, label, provider, syntax, name, text, lines=None):
        if isinstance(text, str):
            text = text.encode("utf-8", "surrogateescape")
        # The same text from two tests of one source is one sample.
        key = (source, label, text)
        if key in self.seen or not text.strip():
            return
        self.seen.add(key)
        # A folder per sample keeps the file's own name (`.env`, `Dockerfile`, `.npmrc`),
        # which scanners read as context.
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(name)).strip("_")[:80]
        rel = os.path.join(label, source, f"{len(self.labels):05d}", safe or "sample")
        path = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text)
        self.labels.append({
            "file": rel, "label": label, "source": source, "provider": provider,
            "syntax": syntax, "lines": sorted(set(lines or [])),
            "realistic": label == "secret" and realistic(text),
        })

    def drop_contradictions(self):
        """Drops clean samples whose text another test calls a secret: one project's negative
        for its GitLab detector can be a well-formed GitHub token, which no multi-provider
        scanner should be blamed for finding. Returns how many were dropped."""
        def text(entry):
            with open(os.path.join(self.out, entry["file"]), "rb") as f:
                return f.read().strip()
        secrets = {text(e) for e in self.labels if e["label"] == "secret"}
        keep = []
        for entry in self.labels:
            if entry["label"] == "clean" and text(entry) in secrets:
                os.remove(os.path.join(self.out, entry["file"]))
            else:
                keep.append(entry)
        dropped = len(self.labels) - len(keep)
        self.labels = keep
        return dropped

    def write_labels(self):
        with open(os.path.join(self.out, "labels.jsonl"), "w") as f:
            for entry in self.labels:
                f.write(json.dumps(entry) + "\n")


class Repo:
    def __init__(self, git_dir):
        self.git_dir = git_dir

    def files(self, prefix):
        out = subprocess.run(
            ["git", "--git-dir", self.git_dir, "ls-tree", "-r", "-z", "--name-only", "HEAD",
             "--", prefix],
            check=True, capture_output=True).stdout
        return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]

    def read(self, path):
        return subprocess.run(["git", "--git-dir", self.git_dir, "show", f"HEAD:{path}"],
                              check=True, capture_output=True).stdout


# secretlint: packages/@secretlint/secretlint-rule-<rule>/test/snapshots/<case>/input*, with the
# rule's own verdict in output.json. Cases that depend on a rule option are left out, as are
# rules about policy rather than credentials.
SECRETLINT_SKIP = {"filter-comments", "pattern", "example", "no-homedir", "no-dotenv",
                   "no-k8s-kind-secret"}


def secretlint(repo, corpus):
    pattern = re.compile(
        r"^packages/@secretlint/secretlint-rule-([^/]+)/test/snapshots/([^/]+)/(input[^/]*)$")
    files = repo.files("packages/@secretlint")
    present = set(files)
    for path in files:
        m = pattern.match(path)
        if not m or m.group(1) in SECRETLINT_SKIP or m.group(1).startswith("preset-"):
            continue
        rule, case, _ = m.groups()
        case_dir = path.rsplit("/", 1)[0]
        if f"{case_dir}/.secretlintrc.json" in present or case.startswith("options."):
            continue
        try:
            verdict = json.loads(repo.read(f"{case_dir}/output.json"))
        except (subprocess.CalledProcessError, ValueError):
            continue
        messages = verdict.get("messages", [])
        lines = [msg["loc"]["start"]["line"] for msg in messages if "loc" in msg]
        label = "secret" if messages else "clean"
        corpus.add("secretlint", label, provider_of(rule), "file",
                   os.path.basename(path), repo.read(path), lines)


# semgrep-rules: generic/secrets/security/<rule>.<ext> with `ruleid:` / `ok:` comments above
# each case. Only this folder: `generic/secrets/gitleaks` copies gitleaks and is reserved.
SEMGREP_SKIP = {"detected-aws-account-id", "detected-bcrypt-hash", "detected-etc-shadow"}
ANNOTATION = re.compile(r"^\s*(?:#|//|<!--|/\*|--|;)\s*(todoruleid|ruleid|todook|ok)\s*:\s*([\w.,-]+)")


def semgrep(repo, corpus):
    for path in repo.files("generic/secrets/security"):
        if path.endswith((".yaml", ".yml")):
            continue
        rule = os.path.basename(path).rsplit(".", 1)[0]
        if rule in SEMGREP_SKIP:
            continue
        text = repo.read(path).decode("utf-8", "surrogateescape").splitlines()
        i = 0
        while i < len(text):
            m = ANNOTATION.match(text[i])
            i += 1
            if not m:
                continue
            case = []
            while i < len(text) and text[i].strip() and not ANNOTATION.match(text[i]):
                case.append(text[i])
                i += 1
            if not case:
                continue
            label = "secret" if m.group(1).endswith("ruleid") else "clean"
            corpus.add("semgrep", label, provider_of(rule.replace("detected-", "")), "line",
                       os.path.basename(path), "\n".join(case) + "\n",
                       [1] if label == "secret" else None)


# detect-secrets: the plugins' parametrized tests, `(line, should_flag)` and alike.
DETECT_SECRETS_SKIP = {"base_test.py", "ip_public_test.py"}
TEXT_NAMES = ("line", "payload", "token", "secret", "content", "value")
FLAG_NAMES = ("should_flag", "expected", "is_secret", "result")


def detect_secrets(repo, corpus):
    for path in repo.files("tests/plugins"):
        name = os.path.basename(path)
        if not name.endswith("_test.py") or name in DETECT_SECRETS_SKIP:
            continue
        plugin = name[: -len("_test.py")]
        tree = ast.parse(repo.read(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"
                    and len(node.args) >= 2):
                continue
            try:
                names = ast.literal_eval(node.args[0])
                cases = ast.literal_eval(node.args[1])
            except (ValueError, SyntaxError):
                continue
            names = [n.strip() for n in (names.split(",") if isinstance(names, str) else names)]
            text_at = next((names.index(n) for n in TEXT_NAMES if n in names), None)
            flag_at = next((names.index(n) for n in FLAG_NAMES if n in names), None)
            ext_at = next((names.index(n) for n in ("file_extension", "filename") if n in names),
                          None)
            if text_at is None or flag_at is None:
                continue
            for case in cases:
                if not isinstance(case, (tuple, list)) or len(case) != len(names):
                    continue
                text, flag = case[text_at], case[flag_at]
                if not isinstance(text, str) or not isinstance(flag, bool):
                    continue
                ext = case[ext_at] if ext_at is not None else ".txt"
                ext = ext if isinstance(ext, str) and ext.startswith(".") else ".txt"
                label = "secret" if flag else "clean"
                corpus.add("detect-secrets", label, provider_of(plugin), "line",
                           f"sample{ext}", text + "\n", [1] if flag else None)


# whispers: fixtures with the number of secrets its tests expect; every value it counts
# contains the marker "hardcoded", which gives the lines.
WHISPERS_SKIP = {"creditcards.yml", "falsepositive.yml"}


def whispers(repo, corpus):
    tree = ast.parse(repo.read("tests/unit/test_secrets.py"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or node.name != "test_detection_by_value":
            continue
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and len(deco.args) >= 2):
                continue
            for src, count in ast.literal_eval(deco.args[1]):
                if src in WHISPERS_SKIP:
                    continue
                text = repo.read(f"tests/fixtures/{src}")
                lines = [n for n, line in enumerate(text.splitlines(), 1)
                         if b"hardcoded" in line.lower()]
                label = "secret" if count else "clean"
                corpus.add("whispers", label, provider_of(src), "file",
                           src, text, lines if count else None)


# ripsecrets: one secret per line, one per file, and lines that hold none. Lines that are
# clean only by ripsecrets' own allowlist markers are secrets to anyone else: left out.
def ripsecrets(repo, corpus):
    for path in repo.files("test"):
        name = os.path.basename(path)
        text = repo.read(path)
        if path.startswith("test/one_per_file/"):
            corpus.add("ripsecrets", "secret", provider_of(name), "file", name, text)
        elif path.startswith("test/one_per_line/"):
            for line in text.splitlines():
                corpus.add("ripsecrets", "secret", provider_of(name), "line", name, line + b"\n",
                           [1])
        elif path == "test/none":
            for line in text.splitlines():
                if b"pragma" in line or b"secretsignore" in line:
                    continue
                corpus.add("ripsecrets", "clean", "generic", "line", "none", line + b"\n")


# Generated: documented credential formats in every assignment syntax, and look-alikes in the
# same syntaxes. The random parts come from a fixed seed, so the corpus is the same each build.
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def github_pat(rng):
    body = rand(rng, B62, 30)
    crc = zlib.crc32(body.encode())
    digits = ""
    while crc:
        crc, r = divmod(crc, 62)
        digits = B62[r] + digits
    return "ghp_" + body + digits.rjust(6, "0")


def credentials(rng):
    """(provider, key name, secret) of each generated credential."""
    lower_hex = "0123456789abcdef"
    b64 = B62 + "+/"
    return [
        ("github", "GITHUB_TOKEN", github_pat(rng)),
        ("aws", "AWS_ACCESS_KEY_ID", "AKIA" + rand(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
        ("aws", "AWS_SECRET_ACCESS_KEY", rand(rng, b64, 40)),
        ("slack", "SLACK_BOT_TOKEN",
         f"xoxb-{rand(rng, '0123456789', 12)}-{rand(rng, '0123456789', 13)}-{rand(rng, B62, 24)}"),
        ("stripe", "STRIPE_SECRET_KEY", "sk_live_" + rand(rng, B62, 24)),
        ("gitlab", "GITLAB_TOKEN", "glpat-" + rand(rng, B62 + "-_", 20)),
        ("sendgrid", "SENDGRID_API_KEY",
         f"SG.{rand(rng, B62 + '-_', 22)}.{rand(rng, B62 + '-_', 43)}"),
        ("datadog", "DATADOG_API_KEY", rand(rng, lower_hex, 32)),
        ("algolia", "ALGOLIA_ADMIN_KEY", rand(rng, lower_hex, 32)),
        ("generic", "DB_PASSWORD", rand(rng, B62, 10) + "!" + rand(rng, B62, 5)),
        ("generic", "API_SECRET", rand(rng, B62, 32)),
    ]


def key_styles(key):
    """The spellings a key takes in code: AWS_SECRET_ACCESS_KEY, aws_secret_access_key,
    awsSecretAccessKey."""
    snake = key.lower()
    parts = snake.split("_")
    camel = parts[0] + "".join(p.capitalize() for p in parts[1:])
    return key, snake, camel


# (syntax, file name, template); {K} upper snake, {k} lower snake, {c} camelCase, {v} the value.
SYNTAXES = [
    ("dotenv", ".env", "{K}={v}\n"),
    ("shell", "deploy.sh", "#!/bin/sh\nexport {K}=\"{v}\"\n./run\n"),
    ("yaml", "config.yml", "service:\n  {k}: {v}\n"),
    ("yaml-quoted", "values.yaml", "env:\n  - name: {K}\n    value: \"{v}\"\n"),
    ("json", "settings.json", "{{\n  \"{c}\": \"{v}\"\n}}\n"),
    ("toml", "config.toml", "[service]\n{k} = \"{v}\"\n"),
    ("ini", "app.ini", "[default]\n{k} = {v}\n"),
    ("properties", "application.properties", "app.{c}={v}\n"),
    ("makefile-colon", "Makefile", "{K} := {v}\nall:\n\t./build\n"),
    ("makefile-double-colon", "GNUmakefile", "{K} ::= {v}\n"),
    ("makefile-conditional", "config.mk", "{K} ?= {v}\n"),
    ("ruby-hash", "config.rb", "config = {{\n  :{k} => \"{v}\",\n}}\n"),
    ("php-array", "config.php", "<?php\nreturn [\n    '{k}' => '{v}',\n];\n"),
    ("xml-element", "web.xml", "<config>\n  <{c}>{v}</{c}>\n</config>\n"),
    ("xml-attribute", "app.config",
     "<appSettings>\n  <add key=\"{c}\" value=\"{v}\" />\n</appSettings>\n"),
    ("hcl", "main.tf", "resource \"x\" \"y\" {{\n  {k} = \"{v}\"\n}}\n"),
    ("powershell", "deploy.ps1", "${K} = \"{v}\"\nInvoke-Deploy\n"),
    ("csharp", "Settings.cs",
     "class Settings {{\n    private const string {c} = \"{v}\";\n}}\n"),
    ("java", "Settings.java",
     "class Settings {{\n    private static final String {K} = \"{v}\";\n}}\n"),
    ("go", "settings.go", "package main\n\nconst {c} = \"{v}\"\n"),
    ("python", "settings.py", "{K} = \"{v}\"\n"),
    ("javascript", "config.js", "const {c} = '{v}';\nmodule.exports = {{ {c} }};\n"),
    ("dockerfile", "Dockerfile", "FROM alpine\nENV {K}={v}\n"),
    ("yaml-k8s-env", "deployment.yaml",
     "containers:\n- name: app\n  env:\n  - name: {K}\n    value: {v}\n"),
]

# Values that look like an assignment of a secret and are not one: references, interpolation,
# placeholders, documentation hosts.
LOOK_ALIKES = [
    "${{{K}}}", "$({K})", "%{K}%", "<your-{k}-here>", "os.Getenv(\"{K}\")",
    "process.env.{K}", "#{{config[\"{k}\"]}}", "{{{{ .Values.{c} }}}}", "changeme",
    "ENV[\"{K}\"]", "********", "xxxxxxxxxxxxxxxxxxxx", "null", "@{K}@",
]


def generated(corpus):
    rng = random.Random(20261203)
    for provider, key, secret in credentials(rng):
        K, k, c = key_styles(key)
        for syntax, file_name, template in SYNTAXES:
            text = template.format(K=K, k=k, c=c, v=secret)
            line = next(n for n, l in enumerate(text.splitlines(), 1) if secret in l)
            corpus.add("generated", "secret", provider, syntax, file_name,
                       text, [line])
    for n, (syntax, file_name, template) in enumerate(SYNTAXES):
        for m, key in enumerate(("DB_PASSWORD", "GITHUB_TOKEN", "API_SECRET")):
            K, k, c = key_styles(key)
            look_alike = LOOK_ALIKES[(n * 3 + m) % len(LOOK_ALIKES)].format(K=K, k=k, c=c)
            text = template.format(K=K, k=k, c=c, v=look_alike)
            corpus.add("generated", "clean", "generic", syntax, file_name, text)
    # Code and URLs that name credentials without holding one.
    for name, text in [
        ("interpolated.rb", "system(\"mysql --password=#{config[\"password\"]} db\")\n"),
        ("concatenated.go", "cmd := \"--password=\" + os.Getenv(\"DB_PASSWORD\")\n"),
        ("example-url.md", "Connect with `postgres://user:pass@example.com/db`.\n"),
        ("localhost-url.py", "URL = \"redis://foo:bar@localhost:6379/0\"\n"),
        ("csrf.html", "<input name=\"authenticity_token\" value=\"Zm9vYmFyYmF6cXV4\" />\n"),
        ("uuid.json", "{\"request_id\": \"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"}\n"),
        ("sha.txt", "checksum = da39a3ee5e6b4b0d3255bfef95601890afd80709\n"),
        ("function.js", "const token = getToken(request.headers);\n"),
    ]:
        corpus.add("generated", "clean", "generic", "code", name, text)


READERS = {
    "secretlint": secretlint,
    "semgrep": semgrep,
    "detect-secrets": detect_secrets,
    "whispers": whispers,
    "ripsecrets": ripsecrets,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", default="/work/.mirror",
                        help="folder of bare clones, <owner>+<name>/repo (default: %(default)s)")
    parser.add_argument("--out", required=True, help="where the corpus is written (replaced)")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    here = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if out == here or out.startswith(here + os.sep):
        sys.exit(f"--out {out} is inside the repository: third-party text is never kept there")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    corpus = Corpus(out)
    for source, folder in SOURCES.items():
        git_dir = os.path.join(args.mirrors, folder, "repo")
        if not os.path.isdir(git_dir):
            print(f"build.py: {git_dir} is missing; {source} is left out "
                  f"(fetch github:{folder.replace('+', '/')})", file=sys.stderr)
            continue
        before = len(corpus.labels)
        READERS[source](Repo(git_dir), corpus)
        print(f"build.py: {source}: {len(corpus.labels) - before} samples", file=sys.stderr)
    before = len(corpus.labels)
    generated(corpus)
    print(f"build.py: generated: {len(corpus.labels) - before} samples", file=sys.stderr)
    dropped = corpus.drop_contradictions()
    print(f"build.py: {dropped} clean samples dropped: other tests call the same text a secret",
          file=sys.stderr)
    corpus.write_labels()
    secrets = sum(1 for e in corpus.labels if e["label"] == "secret")
    print(f"build.py: {len(corpus.labels)} samples ({secrets} secret, "
          f"{len(corpus.labels) - secrets} clean) in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
