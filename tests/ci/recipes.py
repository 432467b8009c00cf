#!/usr/bin/env python3
"""ctest ci/recipes: runs the CI recipes of docs/ci.md as their CI would.

- pre-commit: `pre-commit try-repo` on this repository's .pre-commit-hooks.yaml, in a scratch
  git project with a good and a bad settings module and document: the hooks pass on the good
  files and fail, naming the problem, on the bad ones.
- docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml: every shell step of the job, with the
  job's variables, in a scratch project holding the bundled examples at the paths the recipe
  names; then once more with a document whose scenario fails, where the job must fail and show
  the scenario. Their reports must be what CI reads: JUnit XML with a testcase per scenario,
  SARIF 2.1.0.

The install steps (download the .deb, apt-get install it) run only with --deb FILE, as root
(tests/ci/deb_package.sh does this after its own checks): the .deb is "downloaded" from a
file:// URL and `apt-get update` is skipped (the package's dependencies are installed already);
everything else is the recipe's own text. Otherwise cors-studio is the build's (--cli).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
SKIPPED = "ci/recipes SKIPPED:"

BAD_SETTINGS = "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n"
FAILING_DOCUMENT = """cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
scenarios:
  - name: "The partner site reads items"
    expect: allowed
    request: {origin: "https://partner.example", url: "https://api.example.com/items"}
"""


class Failure(Exception):
    pass


def run(cmd, cwd, env, expect=0, what=""):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    shown = " ".join(cmd) if isinstance(cmd, list) else cmd
    if expect is not None and proc.returncode != expect:
        raise Failure(f"{what or shown}: exit {proc.returncode}, expected {expect}\n"
                      f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}")
    return proc


def tool_dir(work, cli):
    """A directory with `cors-studio` for PATH (the build's binary under its installed name)."""
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    link = os.path.join(bin_dir, "cors-studio")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.abspath(cli), link)
    return bin_dir


def scratch_project(path, document_text=None):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(os.path.join(path, "config"))
    shutil.copy(os.path.join(SOURCE, "resources", "examples", "example_settings.py"),
                os.path.join(path, "config", "settings.py"))
    if document_text is None:
        shutil.copy(os.path.join(SOURCE, "resources", "examples", "example.cors.yaml"),
                    os.path.join(path, "config", "api.cors.yaml"))
    else:
        with open(os.path.join(path, "config", "api.cors.yaml"), "w", encoding="utf-8") as f:
            f.write(document_text)


# ---- pre-commit ------------------------------------------------------------------------------

def check_pre_commit(work, env):
    if not shutil.which("pre-commit", path=env["PATH"]):
        print("note: pre-commit is not installed (Debian pre-commit); hooks not run")
        return
    project = os.path.join(work, "pre-commit-project")
    scratch_project(project)
    env = dict(env, PRE_COMMIT_HOME=os.path.join(work, "pre-commit-home"),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t.invalid")
    run(["git", "init", "-q"], project, env)
    run(["git", "add", "."], project, env)
    good = ["config/settings.py", "config/api.cors.yaml"]
    for hook in ("cors-studio-lint", "cors-studio-test"):
        proc = run(["pre-commit", "try-repo", SOURCE, hook, "--files"] + good, project, env,
                   what=f"pre-commit hook {hook} on good files")
        if "Passed" not in proc.stdout:
            raise Failure(f"{hook}: no 'Passed' in\n{proc.stdout}")
        print(f"ok: pre-commit {hook} passes good files")

    with open(os.path.join(project, "config", "settings.py"), "w", encoding="utf-8") as f:
        f.write(BAD_SETTINGS)
    with open(os.path.join(project, "config", "api.cors.yaml"), "w", encoding="utf-8") as f:
        f.write(FAILING_DOCUMENT)
    run(["git", "add", "."], project, env)
    proc = run(["pre-commit", "try-repo", SOURCE, "cors-studio-lint", "--files",
                "config/settings.py"], project, env, expect=1, what="lint hook on bad settings")
    if "CORS_ALLOW_ALL_ORIGINS" not in proc.stdout:
        raise Failure(f"lint hook output does not name the setting:\n{proc.stdout}")
    proc = run(["pre-commit", "try-repo", SOURCE, "cors-studio-test", "--files",
                "config/api.cors.yaml"], project, env, expect=1, what="test hook, failing scenario")
    if "The partner site reads items" not in proc.stdout:
        raise Failure(f"test hook output does not name the scenario:\n{proc.stdout}")
    print("ok: pre-commit hooks fail on a risky policy and a failing scenario")


# ---- CI jobs ---------------------------------------------------------------------------------

def load_yaml(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def github_steps(recipe):
    job = recipe["jobs"]["cors"]
    env = {k: str(v) for k, v in job.get("env", {}).items()}
    steps = []
    for step in job["steps"]:
        if "run" in step:
            steps.append((step.get("name", step["run"][:40]), step["run"],
                          step.get("name") == "Install CORS Studio"))
    return env, steps


def gitlab_steps(recipe):
    job = recipe["cors-policy"]
    env = {k: str(v) for k, v in job.get("variables", {}).items()}
    steps = [(line, line, True) for line in job.get("before_script", [])]
    steps += [(line, line, False) for line in job["script"]]
    return env, steps


def run_job(name, steps, job_env, project, env, deb, expect_failure=False):
    """Runs the steps in order, as the CI would (bash -e; a job stops at its first failing
    step). Returns (exit code of the last step run, its output)."""
    env = dict(env, **job_env)
    if deb:
        env["CORS_STUDIO_DEB_URL"] = "file://" + os.path.abspath(deb)
    output = ""
    for title, script, installs in steps:
        if installs and not deb:
            continue
        if installs and "apt-get update" in script:
            script = script.replace("apt-get update -qq", ": apt-get update skipped by the test")
        proc = subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        output = proc.stdout + proc.stderr
        if proc.returncode != 0:
            if expect_failure:
                return proc.returncode, output
            raise Failure(f"{name}: step '{title}' exited {proc.returncode}\n{output[-3000:]}")
    return 0, output


def check_reports(project, sarif, scenarios):
    report = os.path.join(project, "cors-test.xml")
    tree = ET.parse(report)
    cases = tree.getroot().findall(".//testcase")
    if len(cases) != scenarios:
        raise Failure(f"{report}: {len(cases)} testcases, expected {scenarios}")
    if sarif:
        with open(os.path.join(project, "cors-lint.sarif"), encoding="utf-8") as f:
            log = json.load(f)
        if log.get("version") != "2.1.0" or not log.get("runs"):
            raise Failure("cors-lint.sarif is not a SARIF 2.1.0 log")


def check_jobs(work, env, deb):
    example = os.path.join(SOURCE, "resources", "examples", "example.cors.yaml")
    with open(example, encoding="utf-8") as f:
        scenarios = sum(1 for line in f if line.startswith("  - name:"))
    for name, path, extract, sarif in (
            ("GitHub Actions", "docs/ci/github-actions.yml", github_steps, True),
            ("GitLab CI", "docs/ci/gitlab-ci.yml", gitlab_steps, False)):
        job_env, steps = extract(load_yaml(os.path.join(SOURCE, path)))
        project = os.path.join(work, name.split()[0].lower())
        scratch_project(project)
        run_job(name, steps, job_env, project, env, deb)
        check_reports(project, sarif, scenarios)
        print(f"ok: {name} job ({path}) passes on the examples"
              + (" after installing the .deb" if deb else ""))

        scratch_project(project, FAILING_DOCUMENT)
        code, output = run_job(name, steps, job_env, project, env, deb, expect_failure=True)
        if code != 1:
            raise Failure(f"{name}: a failing scenario did not fail the job (exit {code})\n"
                          f"{output}")
        shown = ("::error file=config/api.cors.yaml,line=7,title=Scenario 1%3A The partner "
                 "site reads items::expected allowed, got blocked"
                 if sarif else "The partner site reads items")
        if shown not in output:
            raise Failure(f"{name}: the failing scenario is not shown as expected "
                          f"({shown!r}):\n{output}")
        check_reports(project, False, 1)
        print(f"ok: {name} job fails on a failing scenario and shows it")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", help="the cors-studio binary of the build (without --deb)")
    parser.add_argument("--deb", help="install this .deb with the recipes' install steps (root)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--only", default="pre-commit,github,gitlab")
    args = parser.parse_args()

    try:
        import yaml  # noqa: F401
    except ImportError:
        print(f"{SKIPPED} python3-yaml is missing")
        return 0
    os.makedirs(args.work, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if args.deb:
        if os.geteuid() != 0:
            print(f"{SKIPPED} installing the .deb needs root")
            return 0
    else:
        env["PATH"] = tool_dir(args.work, args.cli) + os.pathsep + env["PATH"]
    try:
        if "pre-commit" in args.only:
            check_pre_commit(args.work, env)
        if "github" in args.only or "gitlab" in args.only:
            check_jobs(args.work, env, args.deb)
    except Failure as e:
        print(f"FAIL: {e}")
        return 1
    print("the CI recipes work as documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
