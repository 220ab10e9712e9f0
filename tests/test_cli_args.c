/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli_args.c - every command of the tool (as `psutil --help` lists them) under
 * hostile arguments and a hostile stdout: unknown, repeated and non-UTF-8 options, bad
 * pids, huge, negative and non-numeric numbers; then stdout on a full disk (/dev/full)
 * and closed. Each run must end by itself with exit 0, 1 or 2, never by a signal; a
 * failure says so on stderr in a line that starts with "psutil" and holds no control
 * byte or invalid UTF-8 (it may quote what was typed); lost output is exit 1 with
 * "psutil: write error: ..." and never exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

enum { STDOUT_NULL, STDOUT_FULL, STDOUT_CLOSED };

struct result {
    int status; /* exit status; -SIGNAL when killed; -1000 when it had to be stopped */
    char err[4096];
};

/* Runs build/psutil with argv (NULL-terminated, argv[0] excluded) and stdout as mode. */
static void run_tool(const char *const *args, int mode, struct result *r)
{
    char exe[1024], errf[] = "/tmp/psutil-args-XXXXXX";
    snprintf(exe, sizeof(exe), "%s/psutil", build_dir());
    int efd = mkstemp(errf);
    CHECK(efd >= 0);
    const char *argv[32] = {exe};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        if (mode == STDOUT_CLOSED) {
            close(1);
        } else {
            int out = open(mode == STDOUT_FULL ? "/dev/full" : "/dev/null", O_WRONLY);
            dup2(out, 1);
        }
        dup2(efd, 2);
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    double deadline = now() + 20;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            r->status = -1000;
            break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (now() <= deadline)
        r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    ssize_t got = pread(efd, r->err, sizeof(r->err) - 1, 0);
    r->err[got > 0 ? got : 0] = '\0';
    close(efd);
    unlink(errf);
}

static void describe(const char *const *args, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "psutil");
    for (size_t i = 0; args[i] && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, " '%s'", args[i]);
}

/* stderr is text for a person: valid UTF-8, no control byte but the line ends. */
static int clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
                return 0;
            p++;
            continue;
        }
        int len = *p >= 0xf0 && *p < 0xf5 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc2 && *p < 0xe0 ? 2 : 0;
        if (len == 0)
            return 0;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xc0) != 0x80)
                return 0;
        if (len == 2 && p[0] == 0xc2 && p[1] < 0xa0) /* C1 controls */
            return 0;
        p += len;
    }
    return 1;
}

/* The commands `psutil --help` lists. */
static size_t commands(char names[32][32])
{
    int status;
    char *help = tool("--help", &status);
    CHECK(status == 0 && help);
    size_t n = 0;
    char *p = strstr(help, "Commands:\n");
    CHECK(p != NULL);
    for (char *line = strchr(p, '\n') + 1; line && line[0] == ' ' && line[1] == ' ' && n < 32;) {
        sscanf(line, " %31s", names[n++]);
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(help);
    return n;
}

/* A run that failed must say why in a clean first line starting with "psutil". */
static void check_run(const char *const *args, const struct result *r, int allow_ok)
{
    char what[512];
    describe(args, what, sizeof(what));
    CHECK_MSG(r->status != -1000, "%s did not end within 20 s", what);
    CHECK_MSG(r->status >= 0, "%s was killed by signal %d", what, -r->status);
    CHECK_MSG(r->status == 1 || r->status == 2 || (allow_ok && r->status == 0), "%s exited %d",
              what, r->status);
    CHECK_MSG(clean_text(r->err), "%s: stderr holds a control byte or invalid UTF-8", what);
    /* pidof says "none" with exit 1 and nothing printed, as sysvinit's pidof does. */
    int quiet_miss = strcmp(args[0], "pidof") == 0 && r->status == 1 && r->err[0] == '\0';
    if (r->status != 0 && !quiet_miss)
        CHECK_MSG(strncmp(r->err, "psutil", 6) == 0, "%s exited %d, stderr: %.200s", what,
                  r->status, r->err);
}

TEST(every_command_refuses_hostile_arguments_cleanly)
{
    char names[32][32];
    size_t ncmd = commands(names);
    CHECK(ncmd >= 19);
    /* Appended to each command (killall never gets a name that exists). */
    static const char *const hostile[][4] = {
        {"--no-such-option"},
        {"-Z"},
        {"--json", "--json", "--no-such-option"},
        {"\xff\xfe\x1b[2J\xc2\x9b"},
        {"--\xff\x1b[7m"},
        {"-1"},
        {"0"},
        {"-99999999999999999999"},
        {"99999999999999999999"},
        {"1e308", "1e308"},
        {"nan"},
        {"-p", "-1"},
        {"-p", "99999999999999999999"},
        {"-p", "0,abc"},
        {"-n", "-5"},
        {"-d", "-1"},
        {"-d", "nan"},
        {"-s", "99999999999999999999"},
        {"-c", "0"},
    };
    size_t runs = 0;
    for (size_t c = 0; c < ncmd; c++) {
        /* serve and top without their one-shot flags would run until stopped. */
        const char *once = strcmp(names[c], "serve") == 0 ? "--once"
                           : strcmp(names[c], "top") == 0 ? "-b"
                                                          : NULL;
        for (size_t h = 0; h < sizeof(hostile) / sizeof(hostile[0]); h++) {
            const char *args[8] = {names[c]};
            size_t k = 1;
            if (once)
                args[k++] = once;
            for (size_t i = 0; i < 4 && hostile[h][i]; i++)
                args[k++] = hostile[h][i];
            if (strcmp(names[c], "top") == 0 || strcmp(names[c], "iotop") == 0 ||
                strcmp(names[c], "cgtop") == 0) {
                args[k++] = "-n";
                args[k++] = "1";
            }
            args[k] = NULL;
            struct result r;
            run_tool(args, STDOUT_NULL, &r);
            /* A hostile argument may still be a valid one (pstree 0, iostat 0): exit 0
             * is allowed, a crash, a hang or an unclean message is not. The unknown
             * options are never valid. */
            check_run(args, &r, h > 2);
            if (h <= 2) {
                char what[512];
                describe(args, what, sizeof(what));
                CHECK_MSG(r.status == 2, "%s: exit %d for an unknown option", what, r.status);
            }
            runs++;
        }
    }
    CHECK(runs >= 19 * 19);
    /* No command: an unknown one, an unknown option, both hostile. */
    static const char *const top[][2] = {{"\xff\x1b[2Jnope"}, {"--\x1b[7m\xfe"}, {"-"}};
    for (size_t i = 0; i < 3; i++) {
        struct result r;
        run_tool(top[i], STDOUT_NULL, &r);
        check_run(top[i], &r, 0);
        CHECK_MSG(r.status == 2, "psutil with a hostile first argument: exit %d", r.status);
    }
}

TEST(lost_output_is_an_error_for_every_command)
{
    char names[32][32];
    size_t ncmd = commands(names);
    char self[32];
    snprintf(self, sizeof(self), "%d", (int)getpid());
    for (size_t c = 0; c < ncmd; c++) {
        const char *const *args;
        const char *n = names[c];
        /* A run of each command that prints something and then ends. */
        static const char *const a_iostat[] = {"iostat", "0.05", "2", NULL};
        static const char *const a_nettop[] = {"nettop", "0.05", "2", NULL};
        static const char *const a_top[] = {"top", "-b", "-d", "0.05", "-n", "2", NULL};
        static const char *const a_iotop[] = {"iotop", "-b", "-d", "0.05", "-n", "2", NULL};
        static const char *const a_cgtop[] = {"cgtop", "-b", "-d", "0.05", "-n", "2", NULL};
        static const char *const a_serve[] = {"serve", "--once", NULL};
        static const char *const a_pidof[] = {"pidof", "-x", "run", NULL};
        static const char *const a_free[] = {"free", "-s", "0.05", "-c", "3", NULL};
        const char *a_pid[] = {n, self, NULL};
        const char *a_plain[] = {n, NULL};
        if (strcmp(n, "killall") == 0 || strcmp(n, "who") == 0)
            continue; /* they print nothing when they succeed (who: nobody logged in) */
        args = strcmp(n, "iostat") == 0                               ? a_iostat
               : strcmp(n, "nettop") == 0                             ? a_nettop
               : strcmp(n, "top") == 0                                ? a_top
               : strcmp(n, "iotop") == 0                              ? a_iotop
               : strcmp(n, "cgtop") == 0                              ? a_cgtop
               : strcmp(n, "serve") == 0                              ? a_serve
               : strcmp(n, "pidof") == 0                              ? a_pidof
               : strcmp(n, "free") == 0                               ? a_free
               : strcmp(n, "pmap") == 0 || strcmp(n, "procinfo") == 0 ? a_pid
                                                                      : a_plain;
        for (int mode = STDOUT_FULL; mode <= STDOUT_CLOSED; mode++) {
            struct result r, ok;
            char what[512];
            describe(args, what, sizeof(what));
            run_tool(args, STDOUT_NULL, &ok);
            CHECK_MSG(ok.status == 0, "%s exits %d with stdout on /dev/null: %.200s", what,
                      ok.status, ok.err);
            run_tool(args, mode, &r);
            check_run(args, &r, 0);
            CHECK_MSG(r.status == 1, "%s with stdout %s: exit %d", what,
                      mode == STDOUT_FULL ? "on /dev/full" : "closed", r.status);
            const char *want = mode == STDOUT_FULL
                                   ? "psutil: write error: No space left on device\n"
                                   : "psutil: write error: Bad file descriptor\n";
            CHECK_MSG(strcmp(r.err, want) == 0, "%s with stdout %s: stderr '%s'", what,
                      mode == STDOUT_FULL ? "on /dev/full" : "closed", r.err);
        }
    }
    /* The overview (no command) too. */
    static const char *const none[] = {NULL};
    struct result r;
    run_tool(none, STDOUT_FULL, &r);
    CHECK_MSG(r.status == 1 && strstr(r.err, "write error"), "psutil > /dev/full: exit %d",
              r.status);
}
