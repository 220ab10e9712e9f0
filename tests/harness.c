/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness.c - the POSIX test runner: a fork per test with a time limit (the rest of the
 * runner is harness_core.c), and the helpers of harness.h that need POSIX: commands,
 * the clock, the python3-psutil oracle, spinners. Arguments filter tests by substring
 * of "file:name"; --list prints every name. A skip is counted and named again before
 * the closing line; under CI=true one that tests/skips.txt does not allow for this
 * build fails instead.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define TEST_TIMEOUT 300

/* This build's words in tests/skips.txt: "any", and "sanitize" in the ASan builds. */
static int build_ok(const char *build)
{
    return strcmp(build, "any") == 0 || (strcmp(build, "sanitize") == 0 && HARNESS_ASAN);
}

/* One test in a forked child, in a process group of its own that is killed after it:
 * its exit status (HARNESS_SKIP_STATUS for a skip), or -1 with why set. */
static int run_one(const struct harness_test *t, char *why, size_t why_size)
{
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, why_size, " (fork: %s)", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        alarm(TEST_TIMEOUT);
        t->fn();
        fflush(stdout);
        exit(0);
    }
    int status;
    setpgid(pid, pid); /* also from here, so the kill below cannot miss */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    kill(-pid, SIGKILL);
    if (WIFEXITED(status) &&
        (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == HARNESS_SKIP_STATUS))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        snprintf(why, why_size, " (killed by signal %d%s)", WTERMSIG(status),
                 WTERMSIG(status) == SIGALRM ? ": timed out" : "");
    else
        snprintf(why, why_size, " (exit %d)", WEXITSTATUS(status));
    return -1;
}

int main(int argc, char **argv)
{
    return harness_main(argc, argv, run_one, build_ok);
}

/* --- helpers ------------------------------------------------------------------------ */

int run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    char *data = NULL;
    size_t n = 0, cap = 0;
    if (!p)
        return -1;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
            if (!data)
                abort();
        }
        size_t got = fread(data + n, 1, cap - n - 1, p);
        n += got;
        if (got == 0)
            break;
    }
    data[n] = '\0';
    int status = pclose(p);
    if (out)
        *out = data;
    else
        free(data);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* noinline: GCC 12 inlines this and then misreports run()'s output as dangling. */
__attribute__((noinline)) char *tool(const char *args, int *status)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof(cmd), "%s/psutil %s", build_dir(), args);
    *status = run(cmd, &out);
    return out;
}

double json_eval(const char *json, const char *expr)
{
    char path[] = "/tmp/psutil-json-XXXXXX", cmd[2048], *out;
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, json, strlen(json)) != (ssize_t)strlen(json))
        harness_fail(__FILE__, __LINE__, "cannot write %s", path);
    close(fd);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 - <<'EOF'\nimport json\nd = json.load(open('%s'))\nprint(%s)\nEOF\n",
             path, expr);
    int st = run(cmd, &out);
    unlink(path);
    if (st != 0)
        harness_fail(__FILE__, __LINE__, "JSON rejected or expression failed: %s", expr);
    double v = atof(out);
    free(out);
    return v;
}

void use_roots(const char *proc, const char *sys, const char *runr)
{
    const char *rel[3] = {proc, sys, runr};
    const int kind[3] = {PSUTIL_ROOT_PROC, PSUTIL_ROOT_SYS, PSUTIL_ROOT_RUN};
    for (int i = 0; i < 3; i++) {
        if (!rel[i])
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s", fixture(rel[i]));
        int rc = psutil_set_root(kind[i], path);
        if (rc != 0)
            harness_fail(__FILE__, __LINE__, "root %s: %s", path, psutil_err_name(rc));
    }
}

double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- oracle ------------------------------------------------------------------------ */

struct oracle {
    pid_t pid;
    FILE *to, *from;
    size_t n;
    char **keys;
    double *vals;
    char **raws;
    char **decoded;
};

oracle *oracle_start(const char *code)
{
    int in[2], out[2];
    NEED(access("/usr/bin/python3", X_OK) == 0 &&
             system("/usr/bin/python3 -c 'import psutil' 2>/dev/null") == 0,
         "Debian's python3-psutil is not installed (apt-get install -y python3-psutil)");
    if (pipe(in) != 0 || pipe(out) != 0)
        harness_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        char *script = malloc(strlen(code) + 128);
        sprintf(script, "import psutil, sys\n%s\nprint('END', flush=True)\nsys.stdin.readline()\n",
                code);
        /* argv[0] is the full path: given "python3", Python looks its home up on PATH, and
         * another interpreter first there (pyenv, a virtualenv) lacks python3-psutil. */
        execl("/usr/bin/python3", "/usr/bin/python3", "-c", script, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    oracle *o = calloc(1, sizeof(*o));
    o->pid = pid;
    o->to = fdopen(in[1], "w");
    o->from = fdopen(out[0], "r");
    char line[65536];
    int ended = 0;
    while (fgets(line, sizeof(line), o->from)) {
        line[strcspn(line, "\n")] = '\0';
        if (strcmp(line, "END") == 0) {
            ended = 1;
            break;
        }
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        o->keys = realloc(o->keys, (o->n + 1) * sizeof(*o->keys));
        o->vals = realloc(o->vals, (o->n + 1) * sizeof(*o->vals));
        o->raws = realloc(o->raws, (o->n + 1) * sizeof(*o->raws));
        o->decoded = realloc(o->decoded, (o->n + 1) * sizeof(*o->decoded));
        o->raws[o->n] = strdup(sp + 1);
        o->decoded[o->n] = NULL;
        o->keys[o->n] = strdup(line);
        o->vals[o->n] = strcmp(sp + 1, "None") == 0 ? NAN : strtod(sp + 1, NULL);
        o->n++;
    }
    if (!ended)
        harness_fail(__FILE__, __LINE__, "the python3-psutil oracle script failed");
    return o;
}

int oracle_has(oracle *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return 1;
    return 0;
}

double oracle_get(oracle *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->vals[i];
    harness_fail(__FILE__, __LINE__, "oracle gave no '%s'", key);
}

const char *oracle_raw(oracle *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->raws[i];
    return NULL;
}

const char *oracle_str(oracle *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->keys[i], key) != 0)
            continue;
        if (!o->decoded[i]) {
            const char *h = o->raws[i];
            size_t n = strcmp(h, "-") == 0 ? 0 : strlen(h) / 2;
            char *d = malloc(n + 1);
            for (size_t k = 0; k < n; k++) {
                unsigned v;
                sscanf(h + 2 * k, "%2x", &v);
                d[k] = (char)v;
            }
            d[n] = '\0';
            o->decoded[i] = d;
        }
        return o->decoded[i];
    }
    return NULL;
}

void oracle_finish(oracle *o)
{
    int status;
    fputs("\n", o->to);
    fclose(o->to);
    fclose(o->from);
    waitpid(o->pid, &status, 0);
    for (size_t i = 0; i < o->n; i++) {
        free(o->keys[i]);
        free(o->raws[i]);
        free(o->decoded[i]);
    }
    free(o->keys);
    free(o->vals);
    free(o->raws);
    free(o->decoded);
    free(o);
}

int spawn_spinner(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    return (int)pid;
}

void kill_child(int pid)
{
    int status;
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}
