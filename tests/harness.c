/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness.c - the test runner: registration, a fork per test with a time limit,
 * the closing "N passed, N failed, N skipped" line, and the helpers of harness.h.
 * Arguments filter tests by substring of "file:name"; --list prints every name. A skip
 * is counted and named again before the closing line; under CI=true one that
 * tests/skips.txt does not allow for this build fails instead.
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

#define SKIP_STATUS 77
#define TEST_TIMEOUT 300

struct test {
    const char *name;
    const char *file;
    test_fn fn;
};

static struct test *tests;
static size_t ntests, captests;

void harness_register(const char *name, const char *file, test_fn fn)
{
    if (ntests == captests) {
        captests = captests ? captests * 2 : 64;
        tests = realloc(tests, captests * sizeof(*tests));
        if (!tests)
            abort();
    }
    const char *base = strrchr(file, '/');
    tests[ntests++] = (struct test){name, base ? base + 1 : file, fn};
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    exit(1);
}

void harness_skip(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    skipped: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    exit(SKIP_STATUS);
}

void harness_need(int present, const char *file, int line, const char *fmt, ...)
{
    if (present)
        return;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (in_ci())
        harness_fail(file, line, "missing under CI, where the test command installs it: %s", what);
    harness_skip("%s", what);
}

/* 1 when tests/skips.txt lets "file:name" skip in this build (see that file). */
static int skip_allowed(const char *full)
{
    char path[1024], line[1024];
    snprintf(path, sizeof(path), "%s/tests/skips.txt", source_dir());
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = 0;
    while (!ok && fgets(line, sizeof(line), f)) {
        char name[512], build[32];
        if (line[0] == '#' || sscanf(line, "%511s %31s", name, build) != 2)
            continue;
        ok = strcmp(name, full) == 0 &&
             (strcmp(build, "any") == 0 || (strcmp(build, "sanitize") == 0 && HARNESS_ASAN));
    }
    fclose(f);
    return ok;
}

static int cmp_test(const void *a, const void *b)
{
    const struct test *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : strcmp(x->name, y->name);
}

static int selected(const struct test *t, int argc, char **argv)
{
    char full[512];
    if (argc < 2)
        return 1;
    snprintf(full, sizeof(full), "%s:%s", t->file, t->name);
    for (int i = 1; i < argc; i++)
        if (strstr(full, argv[i]))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    size_t passed = 0, failed = 0, skipped = 0, nskips = 0;
    const struct test *skips[64];
    qsort(tests, ntests, sizeof(*tests), cmp_test);
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < ntests; i++)
            printf("%s:%s\n", tests[i].file, tests[i].name);
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < ntests; i++) {
        const struct test *t = &tests[i];
        if (!selected(t, argc, argv))
            continue;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            /* Its own process group: whatever it leaves running dies with it below. */
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
        const char *verdict;
        char why[64] = "", full[512];
        snprintf(full, sizeof(full), "%s:%s", t->file, t->name);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            verdict = "PASS";
            passed++;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == SKIP_STATUS &&
                   (!in_ci() || skip_allowed(full))) {
            verdict = "SKIP";
            skipped++;
            if (nskips < sizeof(skips) / sizeof(skips[0]))
                skips[nskips++] = t;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == SKIP_STATUS) {
            verdict = "FAIL";
            failed++;
            snprintf(why, sizeof(why), " (skipped under CI; not on tests/skips.txt)");
        } else {
            verdict = "FAIL";
            failed++;
            if (WIFSIGNALED(status))
                snprintf(why, sizeof(why), " (killed by signal %d%s)", WTERMSIG(status),
                         WTERMSIG(status) == SIGALRM ? ": timed out" : "");
            else
                snprintf(why, sizeof(why), " (exit %d)", WEXITSTATUS(status));
        }
        printf("%s %s:%s%s\n", verdict, t->file, t->name, why);
    }
    /* Skips are named again at the end, so none goes unseen in a long log. */
    for (size_t i = 0; i < nskips; i++)
        printf("%sskipped: %s:%s\n", i ? "" : "\n", skips[i]->file, skips[i]->name);
    if (skipped > nskips)
        printf("skipped: %zu more (each marked SKIP above)\n", skipped - nskips);
    printf("\n%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}

/* --- helpers ------------------------------------------------------------------------ */

const char *source_dir(void)
{
    return PSUTIL_SOURCE_DIR;
}

const char *build_dir(void)
{
    const char *b = getenv("PSUTIL_BUILD_DIR");
    return b && *b ? b : PSUTIL_BUILD_DIR;
}

const char *fixture(const char *rel)
{
    static char slots[8][1024];
    static int next;
    char *buf = slots[next++ % 8];
    snprintf(buf, sizeof(slots[0]), "%s/tests/fixtures/linux/%s", source_dir(), rel);
    return buf;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
            if (!data)
                abort();
        }
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

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

int field_u64(const char *text, const char *prefix, int idx, unsigned long long *out)
{
    size_t plen = strlen(prefix);
    for (const char *line = text; line && *line;) {
        if (strncmp(line, prefix, plen) == 0) {
            const char *p = line;
            for (int i = 0;; i++) {
                while (*p == ' ' || *p == '\t')
                    p++;
                if (*p == '\n' || *p == '\0')
                    return -1;
                if (i == idx) {
                    char *end;
                    errno = 0;
                    *out = strtoull(p, &end, 10);
                    return errno || end == p ? -1 : 0;
                }
                while (*p && *p != ' ' && *p != '\t' && *p != '\n')
                    p++;
            }
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -1;
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

int in_ci(void)
{
    const char *ci = getenv("CI");
    return ci && strcmp(ci, "true") == 0;
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
