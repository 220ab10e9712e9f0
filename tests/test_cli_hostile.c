/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli_hostile.c - a process whose executable name and arguments hold a newline, an
 * escape sequence, a C1 control, bytes that are not UTF-8 and a 20 KiB argument, shown by
 * every command that prints process data: text output must hold no control byte but the
 * line ends and be valid UTF-8 (procps's '?' rule), JSON must parse from its bytes
 * (U+FFFD for what is not UTF-8). pstree's odd trees (no visible pid 0 child, a chain of
 * 1,100, a cycle) exit 0 with every process drawn once.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

static char dir[64], exe[256];

/* Starts a copy of /bin/sh named with hostile bytes, reading from a fifo forever. */
static pid_t hostile_child(void)
{
    static char big[20 * 1024];
    snprintf(dir, sizeof(dir), "/tmp/psutil-hostile-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    chmod(dir, 0755);
    snprintf(exe, sizeof(exe), "%s/ev\x1b[7m\nil\xc2\x9b\xff\xfe", dir);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "cp /bin/sh '%s'", exe);
    CHECK(system(cmd) == 0);
    memset(big, 'y', sizeof(big) - 1);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        execl(exe, exe, "-c", "sleep 60", "x", "line1\nline2\x1b[7mREVERSE", "\xe9t\xe9", big,
              (char *)NULL);
        _exit(127);
    }
    wait_argv0((int)pid, exe);
    return pid;
}

static void stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* Fails unless text is valid UTF-8 with no control character but '\n' (no C1 either). */
static void check_text(const char *what, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i++) {
        CHECK_MSG(p[i] >= 0x20 || p[i] == '\n', "%s: control byte 0x%02x at %zu", what, p[i], i);
        CHECK_MSG(p[i] != 0x7f, "%s: DEL at %zu", what, i);
        if (p[i] < 0x80)
            continue;
        size_t len = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc2 ? 2 : 0;
        CHECK_MSG(len && i + len <= n, "%s: byte 0x%02x at %zu is not UTF-8", what, p[i], i);
        for (size_t k = 1; k < len; k++)
            CHECK_MSG((p[i + k] & 0xc0) == 0x80, "%s: bad UTF-8 at %zu", what, i);
        CHECK_MSG(!(p[i] == 0xc2 && p[i + 1] < 0xa0), "%s: C1 control at %zu", what, i);
        i += len - 1;
    }
}

/* Fails unless the file parses as JSON from its bytes (strict UTF-8). */
static void check_json(const char *what, const char *json)
{
    char path[] = "/tmp/psutil-json-XXXXXX", cmd[300], *out;
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
    close(fd);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import json,sys; json.loads(open(sys.argv[1],\"rb\").read()); "
             "print(\"ok\")' %s 2>&1",
             path);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0, "%s: not valid JSON: %s", what, out ? out : "");
    free(out);
    unlink(path);
}

TEST(every_process_command_shows_hostile_bytes_harmlessly)
{
    pid_t pid = hostile_child();
    char args[128];
    int st;
    static const char *const text_cmds[] = {"ps",
                                            "ps -p %d",
                                            "procinfo %d",
                                            "pstree",
                                            "top -b -n 1",
                                            "procsmem",
                                            "pmap %d",
                                            "iotop -b -n 1 -d 0.1 -a",
                                            "netstat -a -p -n"};
    for (size_t i = 0; i < sizeof(text_cmds) / sizeof(text_cmds[0]); i++) {
        snprintf(args, sizeof(args), text_cmds[i], (int)pid);
        char *out = tool(args, &st);
        CHECK_MSG(st == 0 && out, "%s: exit %d", args, st);
        check_text(args, out);
        free(out);
    }
    /* One row for the process, its line shown as procps shows it. */
    snprintf(args, sizeof(args), "ps -p %d", (int)pid);
    char *out = tool(args, &st);
    char *row = strchr(out, '\n');
    CHECK(row && strchr(row + 1, '\n') == row + 1 + strlen(row + 1) - 1);
    CHECK_MSG(strstr(row, "-c sleep 60 x line1 line2?[7mREVERSE ?t? yyy") != NULL, "row: %.200s",
              row);
    free(out);
    static const char *const json_cmds[] = {"ps --json", "procinfo --json %d", "procsmem --json",
                                            "pidof --json sh"};
    for (size_t i = 0; i < sizeof(json_cmds) / sizeof(json_cmds[0]); i++) {
        snprintf(args, sizeof(args), json_cmds[i], (int)pid);
        out = tool(args, &st);
        CHECK_MSG(out, "%s gave nothing", args);
        check_json(args, out);
        free(out);
    }
    /* The replacement is U+FFFD, and valid UTF-8 passes unchanged. */
    snprintf(args, sizeof(args), "procinfo --json %d", (int)pid);
    out = tool(args, &st);
    CHECK(strstr(out, "\"ev\\u001b[7m\\nil\xc2\x9b\xef\xbf\xbd\xef\xbf\xbd\"") != NULL);
    free(out);
    stop(pid);
}

static char *pstree_on(const char *root, const char *args, int *st)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "HOST_PROC=%s %s/psutil pstree %s", root, build_dir(), args);
    char *out;
    *st = run(cmd, &out);
    return out;
}

TEST(pstree_roots_orphans_and_survives_deep_chains_and_cycles)
{
    int st;
    char *out = pstree_on(fixture("wild/no-ppid0-root/proc"), "", &st);
    CHECK(st == 0 && out && strcmp(out, "bash(100)\n`-- sleep(101)\n") == 0);
    free(out);
    out = pstree_on(fixture("wild/ppid-cycle/proc"), "", &st);
    CHECK_MSG(st == 0 && out && strcmp(out, "a(100)\n`-- b(200)\n") == 0, "%s", out);
    free(out);
    out = pstree_on(fixture("wild/ppid-cycle/proc"), "200", &st);
    CHECK(st == 0 && out && strcmp(out, "b(200)\n`-- a(100)\n") == 0);
    free(out);
    char dir[] = "/tmp/psutil-chain-XXXXXX", cmd[600];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "sh %s/tests/fixtures/linux/wild/gen_chain.sh %s 1100", source_dir(),
             dir);
    CHECK(system(cmd) == 0);
    out = pstree_on(dir, "", &st);
    CHECK(st == 0 && out);
    size_t lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    CHECK_EQ_U64(lines, 1100);
    /* The last line is p1100, 1099 levels down: 4 columns of prefix per level. */
    char *last = out + strlen(out) - 1;
    while (last > out && last[-1] != '\n')
        last--;
    CHECK_MSG(strncmp(last + 1098 * 4, "`-- p1100(1100)\n", 16) == 0, "last line: %.40s...",
              last + 1098 * 4);
    free(out);
    out = pstree_on(dir, "1000", &st);
    CHECK(st == 0 && out && strncmp(out, "p1000(1000)\n`-- p1001(1001)\n", 28) == 0);
    free(out);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* A mount point holding a newline, a tab and an escape sequence, made in a private mount
 * namespace: df shows it on one line with '?' and a space, and its JSON parses. */
TEST(df_shows_hostile_mount_points_harmlessly)
{
    NEED(getuid() == 0, "needs root to mount in a private namespace (CI runs as root)");
    char base[] = "/tmp/psutil-mnt-XXXXXX", cmd[1024], *out;
    CHECK(mkdtemp(base) != NULL);
    snprintf(cmd, sizeof(cmd),
             "d=$(printf '%s/x\\ny\\tz\\033[7m'); mkdir \"$d\" && unshare -m --propagation private "
             "sh -c 'mount -t tmpfs hostile-tmpfs \"$1\" && %s/psutil df -a && echo SPLIT && "
             "%s/psutil df -a --json' sh \"$d\"; rmdir \"$d\"",
             base, build_dir(), build_dir());
    int st = run(cmd, &out);
    rmdir(base);
    CHECK_MSG(st == 0 && out, "exit %d", st);
    char *split = strstr(out, "SPLIT\n");
    CHECK(split != NULL);
    *split = '\0';
    check_text("df -a", out);
    CHECK_MSG(strstr(out, "/x y?z?[7m\n") != NULL, "df: %s", out);
    check_json("df -a --json", split + 6);
    free(out);
}

/* Validates the tool's JSON for `args` against docs/schemas/NAME.schema.json. */
static void check_schema(const char *name, const char *args, const char *env)
{
    char path[] = "/tmp/psutil-schema-XXXXXX", cmd[2048], *out;
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof(cmd), "%s %s/psutil %s > %s", env ? env : "", build_dir(), args, path);
    int st = run(cmd, &out);
    free(out);
    CHECK_MSG(st == 0, "psutil %s: exit %d", args, st);
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/json_check.py %s %s 2>&1", source_dir(),
             name, path);
    st = run(cmd, &out);
    CHECK_MSG(st == 0 && out && strncmp(out, "ok", 2) == 0, "psutil %s: %s", args, out ? out : "");
    free(out);
    unlink(path);
}

/* Every command's --json follows its published schema (docs/schemas/), live with a hostile
 * process about, and on fixture trees that fill what this machine leaves empty (sensors,
 * a battery, logged-in users). */
TEST(every_json_output_follows_its_schema)
{
    char *out;
    int st = run("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null", &out);
    free(out);
    NEED(st == 0, "python3-jsonschema is not installed (sh bootstrap.sh test installs it)");
    pid_t pid = hostile_child();
    char args[128], env[2048];
    static const struct {
        const char *name, *args;
    } live[] = {
        {"overview", "--json"},
        {"free", "free --json -t"},
        {"df", "df -a --json"},
        {"iostat", "iostat -b -n 2 -d 0.1 --json"},
        {"sensors", "sensors --json"},
        {"who", "who --json"},
        {"procinfo", "procinfo --json %d"},
        {"procinfo", "procinfo --json 1"},
        {"pidof", "pidof --json sh"},
        {"pmap", "pmap --json %d"},
        {"procsmem", "procsmem --json"},
        {"ps", "ps --json"},
        {"iotop", "iotop -b -n 1 -d 0.1 -a --json"},
        {"netstat", "netstat -a -p --json"},
        {"ifconfig", "ifconfig --json"},
        {"nettop", "nettop -b -n 2 -d 0.1 --json"},
        {"cgtop", "cgtop -b -n 1 -d 0.1 --depth 9 --json"},
    };
    for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
        snprintf(args, sizeof(args), live[i].args, (int)pid);
        check_schema(live[i].name, args, NULL);
    }
    /* As nobody, for the nulls of what is denied. */
    snprintf(args, sizeof(args), "procinfo --json 1");
    check_schema("procinfo", args, "setpriv --reuid=65534 --regid=65534 --clear-groups");
    snprintf(env, sizeof(env), "HOST_SYS=%s", fixture("sensors/laptop/sys"));
    check_schema("sensors", "sensors --json", env);
    snprintf(env, sizeof(env), "HOST_RUN=%s", fixture("logind/run"));
    check_schema("who", "who --json", env);
    snprintf(env, sizeof(env), "HOST_PROC=%s HOST_SYS=%s", fixture("desktop-8t/proc"),
             fixture("desktop-8t/sys"));
    check_schema("overview", "--json", env);
    check_schema("free", "free --json", env);
    stop(pid);
}
