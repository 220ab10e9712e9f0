/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pidof.c - `psutil pidof NAME...` and `psutil killall [-s SIGNAL] NAME...`:
 * processes by name (psutil's name: the full executable name, not comm's 15
 * characters). pidof prints their pids like pidof(1); killall signals them. Both exit
 * 1 when no process matched.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

#define PIDOF_USAGE "psutil pidof [--json] NAME..."
#define KILLALL_USAGE "psutil killall [-s SIGNAL] NAME..."

/* Calls fn for every process whose name is one of names (never this process). */
static int each_named(char **names, int nnames, void (*fn)(psutil_proc_t *, void *), void *arg)
{
    psutil_proc_iter_t *it;
    psutil_proc_t *p;
    int rc = psutil_proc_iter_open(&it);
    if (rc != 0)
        return rc;
    while ((rc = psutil_proc_iter_next(it, &p)) == 0 && p) {
        char *name;
        if (psutil_proc_pid(p) != getpid() && psutil_proc_name(p, &name) == 0) {
            for (int i = 0; i < nnames; i++)
                if (strcmp(name, names[i]) == 0) {
                    fn(p, arg);
                    break;
                }
            psutil_free(name);
        }
        psutil_proc_close(p);
    }
    psutil_proc_iter_close(it);
    return rc;
}

struct found {
    psutil_pid_t *pids;
    size_t n, cap;
};

static void collect(psutil_proc_t *p, void *arg)
{
    struct found *f = arg;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->pids = cli_realloc(f->pids, f->cap, sizeof(*f->pids));
    }
    f->pids[f->n++] = psutil_proc_pid(p);
}

int cmd_pidof(int argc, char **argv)
{
    int json = 0, first = 1;
    char **names = cli_alloc((size_t)argc, sizeof(*names));
    int nn = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " PIDOF_USAGE "\n\nPids of the processes with these names.\n");
            free(names);
            return CLI_OK;
        } else if (argv[i][0] == '-') {
            free(names);
            return cli_usage_error("pidof", PIDOF_USAGE, "unknown option '%s'", argv[i]);
        } else
            names[nn++] = argv[i];
    }
    if (nn == 0) {
        free(names);
        return cli_usage_error("pidof", PIDOF_USAGE, "no process name given");
    }
    struct found f = {0};
    int rc = each_named(names, nn, collect, &f);
    free(names);
    if (rc != 0) {
        free(f.pids);
        return cli_fail("process list", rc);
    }
    /* pidof(1) prints the newest first. */
    if (json) {
        cli_json j;
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
        for (size_t i = f.n; i-- > 0;)
            json_i64(&j, NULL, f.pids[i]);
        json_array_end(&j);
        json_finish(&j);
    } else if (f.n) {
        for (size_t i = f.n; i-- > 0; first = 0)
            printf("%s%lld", first ? "" : " ", (long long)f.pids[i]);
        printf("\n");
    }
    int status = f.n ? CLI_OK : CLI_ERROR;
    free(f.pids);
    return status;
}

/* "TERM", "SIGTERM", "15" → 15; -1 when unknown. */
static int parse_signal(const char *s)
{
    static const struct {
        const char *name;
        int sig;
    } sigs[] = {{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT},  {"KILL", SIGKILL},
                {"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},  {"STOP", SIGSTOP},
                {"CONT", SIGCONT}, {"ALRM", SIGALRM}, {"TSTP", SIGTSTP},  {"ABRT", SIGABRT},
                {"PIPE", SIGPIPE}, {"CHLD", SIGCHLD}, {"WINCH", SIGWINCH}};
    long n;
    if (cli_parse_count(s, &n) == 0)
        return n <= 64 ? (int)n : -1;
    if (strcmp(s, "0") == 0)
        return 0;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].sig;
    return -1;
}

struct kill_state {
    int sig;
    int killed, failed;
};

static void send(psutil_proc_t *p, void *arg)
{
    struct kill_state *k = arg;
    int rc = psutil_proc_send_signal(p, k->sig);
    if (rc == 0) {
        k->killed++;
    } else if (!psutil_is_gone(rc)) {
        fprintf(stderr, "psutil killall: %lld: %s\n", (long long)psutil_proc_pid(p),
                psutil_strerror(rc));
        k->failed++;
    }
}

int cmd_killall(int argc, char **argv)
{
    struct kill_state k = {SIGTERM, 0, 0};
    char **names = cli_alloc((size_t)argc, sizeof(*names));
    int nn = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--signal") == 0) {
            if (i + 1 >= argc || (k.sig = parse_signal(argv[++i])) < 0) {
                free(names);
                return cli_usage_error("killall", KILLALL_USAGE, "unknown signal '%s'",
                                       i < argc ? argv[i] : "");
            }
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " KILLALL_USAGE "\n\nSignal (default TERM) every process with "
                   "these names.\n");
            free(names);
            return CLI_OK;
        } else if (argv[i][0] == '-') {
            free(names);
            return cli_usage_error("killall", KILLALL_USAGE, "unknown option '%s'", argv[i]);
        } else {
            names[nn++] = argv[i];
        }
    }
    if (nn == 0) {
        free(names);
        return cli_usage_error("killall", KILLALL_USAGE, "no process name given");
    }
    int rc = each_named(names, nn, send, &k);
    if (rc != 0) {
        free(names);
        return cli_fail("process list", rc);
    }
    if (k.killed == 0 && k.failed == 0)
        fprintf(stderr, "psutil killall: no process named %s\n", cli_safe(names[0]));
    free(names);
    return k.killed && !k.failed ? CLI_OK : CLI_ERROR;
}
