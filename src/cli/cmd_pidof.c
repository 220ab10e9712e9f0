/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pidof.c - `psutil pidof NAME...` and `psutil killall [-SIGNAL] NAME...`: processes
 * by name (psutil's name: the full executable name, not comm's 15 characters) from one
 * process-table snapshot, zombies left out. pidof prints their pids like pidof(8) (-s,
 * -x, -o, full paths); killall signals them like psmisc's killall (every signal name and
 * number). Both exit 1 when a name matched no process.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

#define PIDOF_USAGE "psutil pidof [-s] [-x] [-o PID[,PID...]] [--json] NAME..."
#define KILLALL_USAGE "psutil killall [-s SIGNAL | -SIGNAL] NAME..."

/* How a process is matched to the names asked for. */
struct match {
    char **names;
    int nnames;
    int scripts;              /* pidof -x: a script run through its #! line counts too */
    const psutil_pid_t *omit; /* pidof -o */
    size_t nomit;
    unsigned char *hit; /* per name: some process matched it */
};

static const char *base_of(const char *s)
{
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

/* 1 when process r is one of the names: psutil's name (the full executable name, not
 * comm's 15 characters), or, for a name with a '/', the executable's path or argv[0] as
 * pidof(8) compares them; with scripts, argv[1]'s basename too (an interpreted script). */
static int matches(const struct match *m, const psutil_proc_row_t *r, int *which)
{
    const char *argv0 = r->args_len ? r->args : "";
    const char *argv1 = r->args_len > strlen(argv0) + 1 ? argv0 + strlen(argv0) + 1 : "";
    for (int i = 0; i < m->nnames; i++) {
        const char *name = m->names[i];
        int ok;
        if (strchr(name, '/')) {
            char *exe = NULL;
            psutil_proc_t *p;
            ok = strcmp(argv0, name) == 0;
            if (!ok && psutil_proc_open(r->pid, &p) == 0) {
                ok = psutil_proc_exe(p, &exe) == 0 && strcmp(exe, name) == 0;
                psutil_free(exe);
                psutil_proc_close(p);
            }
        } else {
            /* A script run through its #! line has the script's name as comm and as argv[1]
             * (sysvinit's -x: "sh script" typed by hand does not count). */
            ok = strcmp(r->name, name) == 0 || (m->scripts && strcmp(base_of(argv1), name) == 0 &&
                                                strncmp(r->name, base_of(argv1), 15) == 0);
        }
        if (ok) {
            *which = i;
            return 1;
        }
    }
    return 0;
}

/* The pids of the live processes (never zombies, never this one) matching m, in pid
 * order, from one snapshot. */
static int find_named(struct match *m, psutil_pid_t **out, double **starts, size_t *out_n)
{
    psutil_proc_row_t *t;
    size_t n, k = 0;
    int rc = psutil_proc_table(
        PSUTIL_PF_NAME | PSUTIL_PF_STATUS | PSUTIL_PF_CMDLINE | PSUTIL_PF_CREATE_TIME, &t, &n);
    if (rc != 0)
        return rc;
    psutil_pid_t *pids = cli_alloc(n, sizeof(*pids));
    double *st = cli_alloc(n, sizeof(*st));
    for (size_t i = 0; i < n; i++) {
        int which, omitted = 0;
        if (t[i].pid == getpid() || t[i].status == PSUTIL_STATUS_ZOMBIE)
            continue;
        for (size_t o = 0; o < m->nomit && !omitted; o++)
            omitted = m->omit[o] == t[i].pid;
        if (omitted || !matches(m, &t[i], &which))
            continue;
        m->hit[which] = 1;
        st[k] = t[i].create_time;
        pids[k++] = t[i].pid;
    }
    psutil_free(t);
    *out = pids;
    if (starts)
        *starts = st;
    else
        free(st);
    *out_n = k;
    return 0;
}

/* The tool's parent, through the library (as any process's). */
static psutil_pid_t parent_pid(void)
{
    psutil_proc_t *self;
    psutil_pid_t ppid = -1;
    if (psutil_proc_open((psutil_pid_t)getpid(), &self) == 0) {
        if (psutil_proc_ppid(self, &ppid) != 0)
            ppid = -1;
        psutil_proc_close(self);
    }
    return ppid;
}

/* "1,2" and "%PPID" (pidof's name for its own parent) appended to *omit. */
static int parse_omit(const char *s, psutil_pid_t **omit, size_t *n)
{
    char *copy = cli_strdup(s), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t && rc == 0; t = strtok_r(NULL, ",", &save)) {
        long v;
        if (strcmp(t, "%PPID") == 0)
            v = (long)parent_pid();
        else if (cli_parse_count(t, &v) != 0)
            rc = -1;
        if (rc == 0) {
            *omit = cli_realloc(*omit, *n + 1, sizeof(**omit));
            (*omit)[(*n)++] = v;
        }
    }
    free(copy);
    return rc;
}

int cmd_pidof(int argc, char **argv)
{
    int json = 0, single = 0, first = 1;
    struct match m = {cli_alloc((size_t)argc, sizeof(char *)), 0, 0, NULL, 0, NULL};
    psutil_pid_t *omit = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--help") == 0) {
            printf("Usage: " PIDOF_USAGE "\n\nPids of the processes with these names, newest "
                   "first, as pidof(8): zombies are left out.\n\n"
                   "  -s          one pid only\n"
                   "  -x          scripts too: NAME run through its #! line\n"
                   "  -o PID      omit these pids (repeatable; %%PPID is pidof's parent)\n"
                   "  --json      an array of pids\n"
                   "NAME with a '/' is matched against the executable's path and argv[0].\n"
                   "Exit status 1 when no process matched.\n");
            free(m.names);
            free(omit);
            return CLI_OK;
        } else if (a[0] == '-' && a[1] && a[1] != '-' && a[1] != 'o') {
            /* Clusters of flags: -s, -x, -sx. */
            for (const char *p = a + 1; *p; p++) {
                if (*p == 's')
                    single = 1;
                else if (*p == 'x')
                    m.scripts = 1;
                else {
                    char opt[3] = {'-', *p, '\0'};
                    free(m.names);
                    free(omit);
                    return cli_usage_error("pidof", PIDOF_USAGE, "unknown option '%s'", opt);
                }
            }
        } else if (strcmp(a, "-o") == 0 || strncmp(a, "-o", 2) == 0) {
            const char *list = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!list || parse_omit(list, &omit, &m.nomit) != 0) {
                free(m.names);
                free(omit);
                return cli_usage_error("pidof", PIDOF_USAGE, "-o needs a pid list");
            }
        } else if (a[0] == '-') {
            free(m.names);
            free(omit);
            return cli_usage_error("pidof", PIDOF_USAGE, "unknown option '%s'", a);
        } else {
            m.names[m.nnames++] = argv[i];
        }
    }
    if (m.nnames == 0) {
        free(m.names);
        free(omit);
        return cli_usage_error("pidof", PIDOF_USAGE, "no process name given");
    }
    m.omit = omit;
    m.hit = cli_alloc((size_t)m.nnames, 1);
    psutil_pid_t *pids = NULL;
    size_t n = 0;
    int rc = find_named(&m, &pids, NULL, &n);
    free(m.names);
    free(m.hit);
    free(omit);
    if (rc != 0)
        return cli_fail("process list", rc);
    /* pidof(8) prints the newest first; -s only that one. */
    size_t shown = single && n > 1 ? 1 : n;
    if (json) {
        cli_json j;
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
        for (size_t i = n; i-- > n - shown;)
            json_i64(&j, NULL, pids[i]);
        json_array_end(&j);
        json_finish(&j);
    } else if (n) {
        for (size_t i = n; i-- > n - shown; first = 0)
            printf("%s%lld", first ? "" : " ", (long long)pids[i]);
        printf("\n");
    }
    int status = n ? CLI_OK : CLI_ERROR;
    free(pids);
    return status;
}

/* "TERM", "SIGTERM", "term", "15", "RTMIN+3" -> the number; -1 when unknown (the
 * names are the OS's: os.h). */
static int parse_signal(const char *s)
{
    long n;
    if (cli_parse_count(s, &n) == 0)
        return n <= 64 ? (int)n : -1;
    if (strcmp(s, "0") == 0)
        return 0;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    return cli_os_signal_number(s);
}

struct kill_state {
    int sig;
    int killed, failed;
};

/* Signals the process the snapshot saw: a pid reused since (another start time) is left
 * alone, as gone. A failure names the process as psmisc's killall does, "NAME(PID)". */
static void send(psutil_pid_t pid, double start, struct kill_state *k)
{
    psutil_proc_t *p;
    double now_start;
    char *name = NULL;
    int rc = psutil_proc_open(pid, &p);
    if (rc == 0) {
        rc = psutil_proc_create_time(p, &now_start);
        if (rc == 0 && now_start != start)
            rc = PSUTIL_ENOSUCHPROC;
        if (rc == 0)
            rc = psutil_proc_send_signal(p, k->sig);
        /* The name for the message; the failure's record stays (a success keeps it). */
        if (rc != 0 && !psutil_is_gone(rc) && psutil_proc_name(p, &name) != 0)
            name = NULL;
        psutil_proc_close(p);
    }
    if (rc == 0) {
        k->killed++;
    } else if (!psutil_is_gone(rc)) {
        char what[600];
        snprintf(what, sizeof(what), "killall: %s(%lld)", name ? cli_safe(name) : "?",
                 (long long)pid);
        cli_fail(what, rc);
        k->failed++;
    }
    psutil_free(name);
}

int cmd_killall(int argc, char **argv)
{
    struct kill_state k = {SIGTERM, 0, 0};
    struct match m = {cli_alloc((size_t)argc, sizeof(char *)), 0, 0, NULL, 0, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-s") == 0 || strcmp(a, "--signal") == 0) {
            if (i + 1 >= argc || (k.sig = parse_signal(argv[++i])) < 0) {
                free(m.names);
                return cli_usage_error("killall", KILLALL_USAGE, "unknown signal '%s'",
                                       i < argc ? argv[i] : "");
            }
        } else if (strcmp(a, "--help") == 0) {
            printf("Usage: " KILLALL_USAGE "\n\nSignal (default TERM) every process with "
                   "these names, as psmisc killall.\n\n"
                   "  -s SIGNAL, --signal SIGNAL, -SIGNAL\n"
                   "      a number (-9), a name (-KILL, -SIGKILL, -s term), RTMIN+N\n"
                   "Exit status 1 when a name matched no process.\n");
            free(m.names);
            return CLI_OK;
        } else if (a[0] == '-' && a[1] && a[1] != '-') {
            /* -9, -KILL, -SIGKILL, as psmisc's killall. */
            if ((k.sig = parse_signal(a + 1)) < 0) {
                free(m.names);
                return cli_usage_error("killall", KILLALL_USAGE, "unknown option '%s'", a);
            }
        } else if (a[0] == '-') {
            free(m.names);
            return cli_usage_error("killall", KILLALL_USAGE, "unknown option '%s'", a);
        } else {
            m.names[m.nnames++] = argv[i];
        }
    }
    if (m.nnames == 0) {
        free(m.names);
        return cli_usage_error("killall", KILLALL_USAGE, "no process name given");
    }
    m.hit = cli_alloc((size_t)m.nnames, 1);
    psutil_pid_t *pids = NULL;
    double *starts = NULL;
    size_t n = 0;
    int rc = find_named(&m, &pids, &starts, &n);
    if (rc != 0) {
        free(m.names);
        free(m.hit);
        return cli_fail("process list", rc);
    }
    for (size_t i = 0; i < n; i++)
        send(pids[i], starts[i], &k);
    free(starts);
    int missing = 0;
    for (int i = 0; i < m.nnames; i++)
        if (!m.hit[i]) {
            fprintf(stderr, "psutil killall: %s: no process found\n", cli_safe(m.names[i]));
            missing = 1;
        }
    free(m.names);
    free(m.hit);
    free(pids);
    return k.killed && !k.failed && !missing ? CLI_OK : CLI_ERROR;
}
