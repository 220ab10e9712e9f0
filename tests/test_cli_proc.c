/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli_proc.c - the process commands as a user runs them: pidof against pidof(1),
 * killall on children with a unique name, pstree from this process, pmap against
 * pmap -x, procsmem and procinfo against the library, and their usage errors.
 */
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_util.h"

#define SHORT_NAME "pstestslp"
#define SHORT_PATH "/tmp/" SHORT_NAME

/* n children running a copy of sleep named SHORT_NAME. */
static void spawn_named(int *pids, int n)
{
    char *out;
    CHECK(run("rm -f " SHORT_PATH " && cp /bin/sleep " SHORT_PATH, &out) == 0);
    free(out);
    for (int i = 0; i < n; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            execl(SHORT_PATH, SHORT_NAME, "1000", (char *)NULL);
            _exit(127);
        }
        pids[i] = (int)pid;
    }
    for (int i = 0; i < n; i++)
        wait_argv0(pids[i], SHORT_NAME);
}

static int sort_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* The numbers of a line, sorted. */
static size_t numbers(const char *s, long long *v, size_t cap)
{
    size_t n = 0;
    char *end;
    while (*s && n < cap) {
        long long x = strtoll(s, &end, 10);
        if (end == s) {
            s++;
            continue;
        }
        v[n++] = x;
        s = end;
    }
    qsort(v, n, sizeof(*v), sort_ll);
    return n;
}

TEST(pidof_matches_pidof_1)
{
    int pids[3], st;
    spawn_named(pids, 3);
    char *ours = tool("pidof " SHORT_NAME, &st), *theirs;
    CHECK(st == 0);
    CHECK(run("pidof " SHORT_NAME, &theirs) == 0);
    long long a[16], b[16];
    size_t na = numbers(ours, a, 16), nb = numbers(theirs, b, 16);
    CHECK_MSG(na == 3 && nb == 3, "ours '%s', pidof '%s'", ours, theirs);
    for (size_t i = 0; i < 3; i++)
        CHECK(a[i] == b[i]);
    free(ours);
    free(theirs);
    char *js = tool("pidof --json " SHORT_NAME, &st);
    CHECK(st == 0 && js[0] == '[');
    free(js);
    for (int i = 0; i < 3; i++) {
        kill(pids[i], SIGKILL);
        waitpid(pids[i], NULL, 0);
    }
    char *none = tool("pidof no-such-process-name-here", &st);
    CHECK(st == 1 && none[0] == '\0');
    free(none);
}

TEST(killall_signals_every_process_of_a_name)
{
    int pids[3], st;
    spawn_named(pids, 3);
    char *out = tool("killall -s KILL " SHORT_NAME, &st);
    CHECK(st == 0);
    free(out);
    for (int i = 0; i < 3; i++) {
        int ws;
        CHECK(waitpid(pids[i], &ws, 0) == pids[i]);
        CHECK(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
    }
    out = tool("killall " SHORT_NAME " 2>/dev/null", &st);
    CHECK(st == 1); /* nobody left */
    free(out);
    out = tool("killall -s BOGUS " SHORT_NAME " 2>/dev/null", &st);
    CHECK(st == 2);
    free(out);
}

TEST(pstree_from_this_process)
{
    int child = child_sleeping(), st;
    char args[64], want[64];
    snprintf(args, sizeof(args), "pstree %d", (int)getpid());
    char *out = tool(args, &st);
    CHECK(st == 0);
    /* The first line is this process: "name(pid)". */
    snprintf(want, sizeof(want), "(%d)\n", (int)getpid());
    const char *first_end = strchr(out, '\n');
    CHECK_MSG(first_end && strstr(out, want) == first_end - strlen(want) + 1, "%s", out);
    /* The child hangs directly below it: its own line starts with a branch. */
    snprintf(want, sizeof(want), "(%d)\n", child);
    const char *kid = strstr(out, want);
    CHECK_MSG(kid && kid > first_end, "%s", out);
    const char *line = kid;
    while (line > out && line[-1] != '\n')
        line--;
    CHECK_MSG(strncmp(line, "|-- ", 4) == 0 || strncmp(line, "`-- ", 4) == 0, "%s", out);
    free(out);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    out = tool("pstree 999999999 2>/dev/null", &st);
    CHECK(st == 1);
    free(out);
    /* -a: each name followed by the arguments /proc/PID/cmdline holds after argv[0]. */
    fflush(NULL);
    pid_t sl = fork();
    if (sl == 0) {
        execlp("sleep", "sleep", "1001", "2", (char *)NULL);
        _exit(127);
    }
    CHECK(sl > 0);
    char path[64], *cl = NULL;
    size_t cl_len = 0;
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)sl);
    for (int i = 0; i < 200 && (!cl || strcmp(cl, "sleep") != 0); i++) {
        free(cl);
        cl = slurp(path, &cl_len);
        usleep(5000);
    }
    CHECK(cl && cl_len == strlen("sleep") + 1 + strlen("1001") + 1 + strlen("2") + 1);
    free(cl);
    snprintf(args, sizeof(args), "pstree -a -p %d", (int)getpid());
    out = tool(args, &st);
    snprintf(want, sizeof(want), "sleep(%d) 1001 2\n", (int)sl);
    CHECK_MSG(st == 0 && strstr(out, want), "no '%s' in\n%s", want, out);
    free(out);
    kill(sl, SIGKILL);
    waitpid(sl, NULL, 0);
}

TEST(pmap_totals_match_pmap_x)
{
    int child = child_sleeping(), st;
    wait_state(child, 'S');
    char args[64], cmd[64], *ours, *theirs;
    snprintf(args, sizeof(args), "pmap %d", child);
    ours = tool(args, &st);
    CHECK(st == 0);
    snprintf(cmd, sizeof(cmd), "pmap -x %d", child);
    CHECK(run(cmd, &theirs) == 0);
    unsigned long long a[3], b[3];
    const char *ta = strstr(ours, "total kB"), *tb = strstr(theirs, "total kB");
    CHECK(ta && tb);
    CHECK(sscanf(ta, "total kB %llu %llu %llu", &a[0], &a[1], &a[2]) == 3);
    CHECK(sscanf(tb, "total kB %llu %llu %llu", &b[0], &b[1], &b[2]) == 3);
    /* An idle process: the same Kbytes, RSS and Dirty. */
    CHECK_MSG(a[0] == b[0] && a[1] == b[1] && a[2] == b[2],
              "ours %llu %llu %llu, pmap %llu %llu %llu", a[0], a[1], a[2], b[0], b[1], b[2]);
    free(ours);
    free(theirs);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

TEST(procsmem_and_procinfo_agree_with_the_library)
{
    int child = child_sleeping(), st;
    wait_state(child, 'S');
    psutil_proc_t *p;
    psutil_proc_memory_full_t m;
    CHECK_OK(psutil_proc_open(child, &p));
    CHECK_OK(psutil_proc_memory_full_info(p, &m));
    char *js = tool("procsmem --json", &st), expr[256];
    CHECK(st == 0);
    snprintf(expr, sizeof(expr), "[x for x in d['processes'] if x['pid'] == %d][0]['uss']", child);
    CHECK_NEAR(json_eval(js, expr), (double)m.uss, 2.0 * (double)sysconf(_SC_PAGESIZE));
    free(js);
    char args[64];
    snprintf(args, sizeof(args), "procinfo --json %d", child);
    js = tool(args, &st);
    CHECK(st == 0);
    char *name;
    CHECK_OK(psutil_proc_name(p, &name));
    snprintf(expr, sizeof(expr),
             "1 if d['name'] == '%s' and d['pid'] == %d and d['ppid'] == %d else 0", name, child,
             (int)getpid());
    CHECK(json_eval(js, expr) == 1);
    psutil_free(name);
    free(js);
    snprintf(args, sizeof(args), "procinfo %d", child);
    char *text = tool(args, &st);
    CHECK(st == 0 && strstr(text, "status         sleeping") && strstr(text, "cpu_times"));
    /* rss and vms hold still in a paused child; its USS grows as this process writes
     * the pages they shared since the fork, so it is only required to be there. */
    char line[160], rss[32], vms[32];
    CHECK_OK(psutil_bytes2human(m.base.rss, rss, sizeof(rss)));
    CHECK_OK(psutil_bytes2human(m.base.vms, vms, sizeof(vms)));
    snprintf(line, sizeof(line), "memory         rss=%s vms=%s uss=", rss, vms);
    CHECK_MSG(strstr(text, line), "no '%s' in\n%s", line, text);
    free(text);
    /* pid 1's USS is denied to nobody: the line still has its rss and vms. */
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "d=$(mktemp -d) && cp %s/psutil $d/ && chmod 755 $d $d/psutil && "
             "setpriv --reuid=65534 --regid=65534 --clear-groups $d/psutil procinfo 1; rm -rf $d",
             build_dir());
    run(cmd, &text);
    CHECK(text != NULL);
    CHECK_MSG(strstr(text, "memory         rss=") && !strstr(text, "uss="), "%s", text);
    free(text);
    psutil_proc_close(p);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    text = tool("procinfo 999999999 2>&1", &st);
    CHECK(st == 1 && strstr(text, "psutil: process 999999999:"));
    free(text);
    /* A pid that could exist but does not: the error names it and its directory. */
    char *max = slurp("/proc/sys/kernel/pid_max", NULL);
    long absent = max ? atol(max) - 1 : 0;
    free(max);
    while (absent > 300 && kill((pid_t)absent, 0) == 0)
        absent--;
    char want[96];
    snprintf(args, sizeof(args), "pmap %ld 2>&1", absent);
    snprintf(want, sizeof(want), "psutil: process %ld: no such process", absent);
    text = tool(args, &st);
    CHECK_MSG(st == 1 && strstr(text, want), "%s", text);
    snprintf(want, sizeof(want), "/proc/%ld,", absent);
    CHECK_MSG(strstr(text, want), "%s", text);
    free(text);
}

TEST(process_commands_usage_errors_exit_2)
{
    static const char *const bad[] = {"pidof",    "pidof -q a",  "killall",    "killall -s",
                                      "pstree x", "pstree 1 2",  "pmap",       "pmap abc",
                                      "procinfo", "procinfo -1", "procsmem -x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char cmd[256];
        int st;
        snprintf(cmd, sizeof(cmd), "%s 2>/dev/null", bad[i]);
        char *out = tool(cmd, &st);
        CHECK_MSG(st == 2, "'%s' exited %d", bad[i], st);
        free(out);
    }
}

/* Runs `psutil ARGS` under valgrind's memcheck, as root or as nobody; returns its exit
 * status (99 when memcheck found an error) with the report in *log. */
static int under_memcheck(const char *args, int as_nobody, char **log)
{
    char dir[64], cmd[2048];
    snprintf(dir, sizeof(dir), "/tmp/psutil-vg-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "cp %s/psutil %s/ && chmod 755 %s %s/psutil && touch %s/vg.log && "
             "chmod 666 %s/vg.log && %s valgrind -q --error-exitcode=99 --log-file=%s/vg.log "
             "%s/psutil %s >/dev/null 2>&1; echo $?; cat %s/vg.log; rm -rf %s",
             build_dir(), dir, dir, dir, dir, dir,
             as_nobody ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "", dir, dir, args,
             dir, dir);
    char *out;
    run(cmd, &out);
    CHECK(out != NULL);
    int st = atoi(out);
    *log = out;
    return st;
}

/* A getter that fails leaves its output unwritten; the tool formats only what succeeded
 * (pid 1's fd/ and io are denied to nobody), so memcheck sees no uninitialised read. */
TEST(procinfo_formats_only_what_its_getters_returned)
{
    if (HARNESS_ASAN)
        harness_skip("memcheck cannot run an ASan-instrumented tool; the plain build runs this "
                     "test");
    char *out;
    int st = run("valgrind --version >/dev/null 2>&1", &out);
    free(out);
    NEED(st == 0, "valgrind is not installed (sh bootstrap.sh test installs it)");
    static const char *const args[] = {"procinfo 1", "procinfo --json 1"};
    for (int nobody = 0; nobody < 2; nobody++)
        for (size_t i = 0; i < 2; i++) {
            char *log;
            int rc = under_memcheck(args[i], nobody, &log);
            CHECK_MSG(rc == 0, "%s as %s: exit %d\n%s", args[i], nobody ? "nobody" : "root", rc,
                      log);
            free(log);
        }
}

/* procps's PID column width: the digits of kernel.pid_max, at least 5 (7 where systemd
 * or a new pid namespace raised it to 4194304). */
static int pid_col(void)
{
    char *max = slurp("/proc/sys/kernel/pid_max", NULL);
    int w = max ? (int)strspn(max, "0123456789") : 0;
    free(max);
    return w < 5 ? 5 : w > 10 ? 10 : w;
}

/* Runs a command line and returns its stdout and exit status. */
static char *shell(const char *cmd, int *st)
{
    char *out;
    *st = run(cmd, &out);
    return out ? out : calloc(1, 1);
}

/* procps's selection and format options give procps's bytes: -o with every column whose
 * value holds still for idle processes, -f, hidden and renamed headers, a zombie shown as
 * <defunct>, -C, BSD aux, repeated -p, and exit status 1 when -p selects nothing. */
TEST(ps_options_match_procps_ps)
{
    int a = child_sleeping(), b = child_sleeping(), z = child_zombie(3);
    CHECK(setpriority(PRIO_PROCESS, (id_t)b, 7) == 0);
    wait_state(z, 'Z');
    char pids[64], cmd[1024];
    snprintf(pids, sizeof(pids), "%d,%d,%d", a, b, z);
    static const char *const formats[] = {
        "-o pid,ppid,user,uid,comm,stat,rss,vsz,nlwp,tty,ni,pri,lstart,args",
        "-o pid,pgid,sid,etime,time,c,stime",
        "-f",
        "-o pid= -o comm=",
        "-o pid,comm=CMD",
        "-o pid=,comm=",
        "-o pid=P,ni=NICE,comm=Name",
        "-o tgid,euser,euid,ucmd,rsz,thcount,tname,pgrp,sess,start_time,cmd",
        "-o pid:3,user:20,comm:4",
        "-o user:3,pid,args:5",
        "-o args:3=ABCDEFGH,pid,comm:2",
        "-o args,pid",
    };
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        int s1, s2;
        /* etime can tick between the two runs: both are bracketed by a retry. */
        for (int attempt = 0; attempt < 3; attempt++) {
            snprintf(cmd, sizeof(cmd), "%s/psutil ps %s -p %s", build_dir(), formats[i], pids);
            char *ours = shell(cmd, &s1);
            snprintf(cmd, sizeof(cmd), "ps %s -p %s", formats[i], pids);
            char *theirs = shell(cmd, &s2);
            int same = strcmp(ours, theirs) == 0 && s1 == s2;
            if (!same && attempt == 2)
                CHECK_MSG(0, "ps %s:\nours (%d):\n%s\nprocps (%d):\n%s", formats[i], s1, ours, s2,
                          theirs);
            free(ours);
            free(theirs);
            if (same)
                break;
        }
    }
    /* Repeated -p accumulates; BSD aux and -p together; a dead pid exits 1 as procps. */
    int st;
    snprintf(cmd, sizeof(cmd), "%s/psutil ps -o pid= -p %d -p %d", build_dir(), a, b);
    char *out = shell(cmd, &st), want[64];
    snprintf(want, sizeof(want), "%*d\n%*d\n", pid_col(), a, pid_col(), b);
    CHECK_MSG(st == 0 && strstr(out, want), "%s", out);
    free(out);
    snprintf(cmd, sizeof(cmd), "%s/psutil ps aux -p %d", build_dir(), a);
    out = shell(cmd, &st);
    CHECK(st == 0 && strncmp(out, "USER ", 5) == 0);
    free(out);
    char *max = slurp("/proc/sys/kernel/pid_max", NULL);
    long absent = max ? atol(max) - 1 : 0;
    free(max);
    while (absent > 300 && kill((pid_t)absent, 0) == 0)
        absent--;
    snprintf(cmd, sizeof(cmd), "%s/psutil ps -p %ld >/dev/null", build_dir(), absent);
    CHECK(run(cmd, NULL) == 1);
    snprintf(cmd, sizeof(cmd), "ps -p %ld >/dev/null", absent);
    CHECK(run(cmd, NULL) == 1);
    /* -C selects by name as procps does. The name is one only this test's child carries:
     * a common one ("sleep") let another process come or go between the two runs. */
    char name[16];
    snprintf(name, sizeof(name), "psC%d", (int)getpid() % 100000);
    fflush(NULL);
    pid_t named = fork();
    if (named == 0) {
        prctl(PR_SET_NAME, name, 0, 0, 0);
        for (;;)
            pause();
    }
    CHECK(named > 0);
    char comm_path[64], *comm = NULL;
    snprintf(comm_path, sizeof(comm_path), "/proc/%d/comm", (int)named);
    for (int i = 0; i < 500; i++) {
        free(comm);
        comm = slurp(comm_path, NULL);
        if (comm && strncmp(comm, name, strlen(name)) == 0)
            break;
        usleep(10000);
    }
    free(comm);
    int s1, s2;
    snprintf(cmd, sizeof(cmd), "%s/psutil ps -C %s -o pid,comm", build_dir(), name);
    char *ours = shell(cmd, &s1);
    snprintf(cmd, sizeof(cmd), "ps -C %s -o pid,comm", name);
    char *theirs = shell(cmd, &s2);
    snprintf(want, sizeof(want), "%*d %s\n", pid_col(), (int)named, name);
    CHECK_MSG(strcmp(ours, theirs) == 0 && s1 == s2 && s1 == 0 && strstr(ours, want),
              "ours:\n%s\nprocps:\n%s", ours, theirs);
    free(ours);
    free(theirs);
    kill(named, SIGKILL);
    waitpid(named, NULL, 0);
    kill(a, SIGKILL);
    kill(b, SIGKILL);
    waitpid(a, NULL, 0);
    waitpid(b, NULL, 0);
    waitpid(z, NULL, 0);
}

/* --forest: children below their parents with procps's " \_ " indentation, each process
 * once, parents before children. */
TEST(ps_forest_draws_children_below_parents)
{
    int a = child_sleeping();
    char cmd[256];
    int st;
    snprintf(cmd, sizeof(cmd), "%s/psutil ps --forest -o pid,args", build_dir());
    char *out = shell(cmd, &st);
    CHECK(st == 0);
    char me[64], kid[64];
    snprintf(me, sizeof(me), "\n%*d ", pid_col(), (int)getpid());
    snprintf(kid, sizeof(kid), "\n%*d ", pid_col(), a);
    char *at_me = strstr(out, me), *at_kid = strstr(out, kid);
    CHECK_MSG(at_me && at_kid && at_kid > at_me, "%s", out);
    /* The child is one level below this process: 4 more columns, then " \_ " (a " |  "
     * stands under an ancestor a sibling follows). */
    const char *my_args = at_me + strlen(me), *kid_args = at_kid + strlen(kid);
    size_t my_indent = strspn(my_args, " |\\_"), kid_indent = strspn(kid_args, " |\\_");
    CHECK_MSG(kid_indent == (my_indent ? my_indent + 4 : 4) &&
                  strncmp(kid_args + kid_indent - 3, "\\_ ", 3) == 0,
              "indent %zu under %zu", kid_indent, my_indent);
    free(out);
    kill(a, SIGKILL);
    waitpid(a, NULL, 0);
}

/* A --forest listing as (pid, tree prefix) pairs, header left out; the prefix (" |  ",
 * "    ", " \\_ ") points into the listing's text. */
struct forest_line {
    long pid;
    const char *pre;
    size_t len;
};

static size_t forest_lines(char *text, struct forest_line **out)
{
    size_t n = 0, cap = 64;
    struct forest_line *v = malloc(cap * sizeof(*v));
    char *save = NULL;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *end;
        long pid = strtol(l, &end, 10);
        if (end == l || *end != ' ')
            continue; /* the header */
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof(*v));
        v[n].pid = pid;
        v[n].pre = end + 1;
        v[n++].len = strspn(end + 1, " |\\_");
    }
    *out = v;
    return n;
}

/* Whether pid is among v's. */
static int has_pid(const struct forest_line *v, size_t n, long pid)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].pid == pid)
            return 1;
    return 0;
}

/* --forest orders and draws as procps's: without --sort, siblings by start time and the
 * roots backwards (kthreadd's tree before init's), init's children at init's own level,
 * a | below each process a sibling follows; with --sort, siblings in its order. Compared
 * over the pids both runs saw (each run holds its own pipeline), line by line: the same
 * pids in the same order with the same tree prefix. */
TEST(ps_forest_orders_and_indents_as_procps)
{
    /* a has a child of its own and b follows it: procps draws a | below a. */
    pid_t a = fork();
    if (a == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (child_sleeping() > 0)
            for (;;)
                pause();
        _exit(1);
    }
    CHECK(a > 0);
    char kids[64];
    snprintf(kids, sizeof(kids), "/proc/%d/task/%d/children", (int)a, (int)a);
    for (int i = 0; i < 400; i++) {
        char *k = slurp(kids, NULL);
        int ready = k && atoi(k) > 0;
        free(k);
        if (ready)
            break;
        usleep(5000);
    }
    int b = child_sleeping(), bars = 0;
    char sel[64];
    snprintf(sel, sizeof(sel), "--ppid %d -p %d", (int)getpid(), (int)getpid());
    const char *opts[] = {"-e", "--sort=-pid --ppid 2 -p 2", "--sort=-pid -p 1,2", sel};
    for (size_t o = 0; o < sizeof(opts) / sizeof(opts[0]); o++) {
        for (int attempt = 0; attempt < 5; attempt++) {
            char cmd[512], *ours, *theirs;
            int s1, s2;
            snprintf(cmd, sizeof(cmd), "%s/psutil ps --forest %s -o pid,args", build_dir(),
                     opts[o]);
            ours = shell(cmd, &s1);
            snprintf(cmd, sizeof(cmd), "ps --forest %s -o pid,args", opts[o]);
            theirs = shell(cmd, &s2);
            char *shown_ours = strdup(ours), *shown_theirs = strdup(theirs), why[256] = "";
            struct forest_line *x, *y;
            size_t nx = forest_lines(ours, &x), ny = forest_lines(theirs, &y);
            size_t i = 0, j = 0, both = 0;
            int same = s1 == 0 && s2 == 0;
            while (same) {
                while (i < nx && !has_pid(y, ny, x[i].pid))
                    i++;
                while (j < ny && !has_pid(x, nx, y[j].pid))
                    j++;
                if (i == nx || j == ny) {
                    same = i == nx && j == ny;
                    break;
                }
                same = x[i].pid == y[j].pid && x[i].len == y[j].len &&
                       memcmp(x[i].pre, y[j].pre, x[i].len) == 0;
                if (!same)
                    snprintf(why, sizeof(why), "ours: %ld '%.*s', procps: %ld '%.*s'", x[i].pid,
                             (int)x[i].len, x[i].pre, y[j].pid, (int)y[j].len, y[j].pre);
                bars += same && memchr(x[i].pre, '|', x[i].len) != NULL;
                i++, j++, both++;
            }
            /* -e holds init and kthreadd with their trees, the test's own selection it
             * and its two children. */
            size_t least = o == 0 ? 20 : o == 3 ? 3 : 2;
            if (same)
                CHECK_MSG(both >= least, "ps --forest %s: %zu lines in common", opts[o], both);
            if (!same && attempt == 4)
                CHECK_MSG(0, "ps --forest %s: exit %d and %d; %s\nours:\n%s\nprocps:\n%s", opts[o],
                          s1, s2, why, shown_ours, shown_theirs);
            free(shown_ours);
            free(shown_theirs);
            free(x);
            free(y);
            free(ours);
            free(theirs);
            if (same)
                break;
            usleep(100000); /* a process reparented between the two runs: again */
        }
    }
    CHECK_MSG(bars > 0, "no line below a process with a later sibling");
    kill(a, SIGKILL);
    kill(b, SIGKILL);
    waitpid(a, NULL, 0);
    waitpid(b, NULL, 0);
}

/* A copy of /bin/sleep called name, sleeping; returns its pid. */
static int named_sleeper(const char *dir, const char *name)
{
    char path[512], cmd[700];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s", path);
    CHECK(access(path, X_OK) == 0 || system(cmd) == 0); /* a running copy cannot be rewritten */
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        execl(path, name, "300", (char *)NULL);
        _exit(127);
    }
    wait_argv0((int)pid, name);
    return (int)pid;
}

/* pidof's habits against sysvinit-utils' pidof on the same processes: -s, -o (and
 * %PPID), a full path, -x for scripts; zombies never listed. */
TEST(pidof_flags_match_sysvinit_pidof)
{
    char dir[] = "/tmp/psutil-pidof-XXXXXX", cmd[8192], script[600];
    CHECK(mkdtemp(dir) != NULL);
    int a = named_sleeper(dir, "pidofprobe"), b = named_sleeper(dir, "pidofprobe");
    snprintf(script, sizeof(script), "%s/probe-script.sh", dir);
    FILE *f = fopen(script, "w");
    CHECK(f != NULL);
    fprintf(f, "#!/bin/sh\nsleep 300\n");
    fclose(f);
    CHECK(chmod(script, 0755) == 0);
    /* Run through its #! line: comm and argv[1] name the script. */
    pid_t s = fork();
    if (s == 0) {
        execl(script, script, (char *)NULL);
        _exit(127);
    }
    wait_argv0((int)s, "/bin/sh"); /* the kernel runs the #! interpreter */
    char path[600];
    snprintf(path, sizeof(path), "%s/pidofprobe", dir);
    char opts[6][700];
    snprintf(opts[0], sizeof(opts[0]), "pidofprobe");
    snprintf(opts[1], sizeof(opts[1]), "-s pidofprobe");
    snprintf(opts[2], sizeof(opts[2]), "-o %d pidofprobe", a);
    snprintf(opts[3], sizeof(opts[3]), "%s", path);
    snprintf(opts[4], sizeof(opts[4]), "-x probe-script.sh");
    snprintf(opts[5], sizeof(opts[5]), "-o %%PPID pidofprobe nosuchname");
    for (int i = 0; i < 6; i++) {
        int s1, s2;
        snprintf(cmd, sizeof(cmd), "%s/psutil pidof %s", build_dir(), opts[i]);
        char *ours = shell(cmd, &s1);
        snprintf(cmd, sizeof(cmd), "pidof %s", opts[i]);
        char *theirs = shell(cmd, &s2);
        CHECK_MSG(strcmp(ours, theirs) == 0 && s1 == s2,
                  "pidof %s: ours '%s' (%d), sysvinit '%s' (%d)", opts[i], ours, s1, theirs, s2);
        free(ours);
        free(theirs);
    }
    /* A zombie of that name is not a running process. */
    kill(b, SIGKILL);
    wait_state(b, 'Z');
    int st;
    snprintf(cmd, sizeof(cmd), "%s/psutil pidof pidofprobe", build_dir());
    char *out = shell(cmd, &st), want[32];
    snprintf(want, sizeof(want), "%d\n", a);
    CHECK_MSG(st == 0 && strcmp(out, want) == 0, "with a zombie: '%s'", out);
    free(out);
    kill(a, SIGKILL);
    kill(s, SIGKILL);
    waitpid(a, NULL, 0);
    waitpid(b, NULL, 0);
    waitpid(s, NULL, 0);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* killall takes every form of signal psmisc's does, and exits 1 (with a line naming it)
 * when a name matched nothing. */
TEST(killall_takes_every_signal_form)
{
    char dir[] = "/tmp/psutil-killall-XXXXXX", cmd[1024];
    CHECK(mkdtemp(dir) != NULL);
    static const struct {
        const char *opt;
        int sig;
    } forms[] = {{"-9", SIGKILL},    {"-KILL", SIGKILL},      {"-SIGKILL", SIGKILL},
                 {"-s HUP", SIGHUP}, {"-s sigusr1", SIGUSR1}, {"--signal 15", SIGTERM},
                 {"-RTMIN+2", 0},    {"-ALRM", SIGALRM},      {"", SIGTERM}};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        int pid = named_sleeper(dir, "killprobe");
        int want = forms[i].sig ? forms[i].sig : SIGRTMIN + 2, st;
        snprintf(cmd, sizeof(cmd), "%s/psutil killall %s killprobe", build_dir(), forms[i].opt);
        CHECK_MSG(run(cmd, NULL) == 0, "killall %s", forms[i].opt);
        CHECK(waitpid(pid, &st, 0) == pid);
        CHECK_MSG(WIFSIGNALED(st) && WTERMSIG(st) == want, "killall %s: status %#x", forms[i].opt,
                  st);
    }
    snprintf(cmd, sizeof(cmd), "%s/psutil killall -9 nosuchprobe 2>&1", build_dir());
    int st;
    char *out = shell(cmd, &st);
    CHECK(st == 1 && strstr(out, "nosuchprobe: no process found"));
    free(out);
    snprintf(cmd, sizeof(cmd), "%s/psutil killall -NOSUCHSIG x 2>&1", build_dir());
    out = shell(cmd, &st);
    CHECK(st == 2 && strstr(out, "unknown option '-NOSUCHSIG'"));
    free(out);
    /* Another user's process: psmisc's "NAME(PID): " and the reason, exit 1; it lives. */
    int pid = named_sleeper(dir, "killprobe");
    char want[128];
    snprintf(want, sizeof(want), "psutil: killall: killprobe(%d): access denied (", pid);
    snprintf(cmd, sizeof(cmd),
             "cp %s/psutil %s/ && chmod 755 %s %s/psutil && setpriv --reuid=65534 "
             "--regid=65534 --clear-groups %s/psutil killall killprobe 2>&1",
             build_dir(), dir, dir, dir, dir);
    out = shell(cmd, &st);
    CHECK_MSG(st == 1 && strstr(out, want), "exit %d: %s", st, out);
    free(out);
    CHECK(kill(pid, 0) == 0);
    kill(pid, SIGKILL);
    CHECK(waitpid(pid, NULL, 0) == pid);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* --sort takes procps's key names and orders as procps ps does: the pids both list, in
 * both outputs, come in the same order (children with distinct nice values and starts
 * make ni and etime decide something; ties keep pid order either way). */
TEST(ps_sort_orders_as_procps_for_its_key_names)
{
    int kids[3];
    static const int nices[3] = {7, 3, 5};
    for (int i = 0; i < 3; i++) {
        kids[i] = child_sleeping();
        CHECK(setpriority(PRIO_PROCESS, (id_t)kids[i], nices[i]) == 0);
        usleep(20000); /* distinct start times */
    }
    /* Keys whose values hold still for processes that exist across both runs (a
     * process's state does not: states are sorted over children below). A thread or
     * process started between the runs can still move one: three tries. */
    static const char *const keys[] = {"ni",     "-ni",  "nice", "etime", "-etime", "start_time",
                                       "lstart", "nlwp", "comm", "uid",   "pgid",   "sid",
                                       "ppid",   "-pid", "tty",  "args",  "-ucomm", "cmd"};
    char cmd[1024];
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        snprintf(cmd, sizeof(cmd),
                 "cd $(mktemp -d) && %s/psutil ps -e --sort=%s -o pid= | tr -d ' ' > a && "
                 "ps -e --sort=%s -o pid= | tr -d ' ' > b && sort a b | uniq -d > c && "
                 "grep -xFf c a > a2 && grep -xFf c b > b2 && wc -l < c && cmp a2 b2; "
                 "st=$?; cd / && rm -rf \"$OLDPWD\"; exit $st",
                 build_dir(), keys[i], keys[i]);
        char *out = NULL;
        int st = 1;
        for (int attempt = 0; attempt < 3 && st != 0; attempt++) {
            free(out);
            st = run(cmd, &out);
        }
        CHECK_MSG(st == 0 && out && atoi(out) > 5, "--sort=%s: exit %d, %s", keys[i], st,
                  out ? out : "");
        free(out);
    }
    /* State keys over children in four states: running, sleeping, stopped, zombie, in
     * procps's letter order (R, S, T, Z) whatever their pids. */
    fflush(NULL);
    pid_t spin = fork();
    if (spin == 0) {
        for (volatile unsigned long x = 0;; x++)
            ;
    }
    CHECK(spin > 0);
    int stopped = child_sleeping(), zombie = child_zombie(0);
    kill(stopped, SIGSTOP);
    wait_state(stopped, 'T');
    wait_state(zombie, 'Z');
    wait_state(spin, 'R');
    /* procps's PID width: the digits of kernel.pid_max, 5 at least. */
    char *max = slurp("/proc/sys/kernel/pid_max", NULL);
    int pw = 0;
    for (long v = max ? atol(max) : 32768; v > 0; v /= 10)
        pw++;
    pw = pw < 5 ? 5 : pw;
    free(max);
    /* An idle kernel thread (I), which sorts before them all. */
    int idle = 0;
    for (int pid = 2; pid < 400 && !idle; pid++) {
        char path[64], *stat;
        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        if ((stat = slurp(path, NULL)) != NULL) {
            const char *rp = strrchr(stat, ')');
            if (rp && rp[1] == ' ' && rp[2] == 'I' && strstr(stat, "(kworker/"))
                idle = pid;
            free(stat);
        }
    }
    NEED(idle > 0, "no idle kworker (I) in pids 2..399");
    static const char *const state_keys[] = {"state", "stat", "s", "-s"};
    for (size_t i = 0; i < sizeof(state_keys) / sizeof(state_keys[0]); i++) {
        char *ours = NULL, *theirs = NULL;
        int same = 0;
        for (int attempt = 0; attempt < 3 && !same; attempt++) {
            free(ours);
            free(theirs);
            snprintf(cmd, sizeof(cmd), "%s/psutil ps --sort=%s -o pid=,s= -p %d,%d,%d,%d,%d",
                     build_dir(), state_keys[i], zombie, stopped, kids[0], (int)spin, idle);
            CHECK(run(cmd, &ours) == 0 && ours);
            snprintf(cmd, sizeof(cmd), "ps --sort=%s -o pid=,s= -p %d,%d,%d,%d,%d", state_keys[i],
                     zombie, stopped, kids[0], (int)spin, idle);
            CHECK(run(cmd, &theirs) == 0 && theirs);
            /* I, R, S, T, Z (reversed for -s). */
            const int order[5] = {idle, (int)spin, kids[0], stopped, zombie};
            const char letters[5] = {'I', 'R', 'S', 'T', 'Z'};
            char want[256];
            size_t off = 0;
            int desc = state_keys[i][0] == '-';
            for (int k = 0; k < 5; k++) {
                int j = desc ? 4 - k : k;
                off += (size_t)snprintf(want + off, sizeof(want) - off, "%*d %c\n", pw, order[j],
                                        letters[j]);
            }
            same = strcmp(ours, theirs) == 0 && strcmp(ours, want) == 0;
        }
        CHECK_MSG(same, "--sort=%s\nours:\n%sprocps:\n%s", state_keys[i], ours, theirs);
        free(ours);
        free(theirs);
    }
    kill(spin, SIGKILL);
    kill(stopped, SIGKILL);
    waitpid(spin, NULL, 0);
    waitpid(stopped, NULL, 0);
    waitpid(zombie, NULL, 0);
    char *out;
    snprintf(cmd, sizeof(cmd), "%s/psutil ps --sort=ni -o pid= -p %d,%d,%d", build_dir(), kids[0],
             kids[1], kids[2]);
    CHECK(run(cmd, &out) == 0);
    long a, b, c;
    CHECK(out && sscanf(out, "%ld %ld %ld", &a, &b, &c) == 3);
    CHECK(a == kids[1] && b == kids[2] && c == kids[0]);
    free(out);
    for (int i = 0; i < 3; i++) {
        kill(kids[i], SIGKILL);
        waitpid(kids[i], NULL, 0);
    }
}

/* A session leader with a member in a process group of its own, both sleeping: -s goes
 * by session, not by group. The test's own session cannot serve, since its leader may
 * live outside this pid namespace (CI's does), where its sid reads 0. The member's pid
 * is read from the leader's children file. */
static pid_t session_with_a_group(pid_t *member)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, 1);
        dup2(devnull, 2);
        setsid();
        if (fork() == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            setpgid(0, 0);
            for (;;)
                pause();
        }
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
    *member = 0;
    for (int i = 0; i < 400; i++) {
        char *kids = slurp(path, NULL);
        pid_t m = kids ? (pid_t)atoi(kids) : 0;
        free(kids);
        if (m > 0 && getsid(pid) == pid && getsid(m) == pid && getpgid(m) == m) {
            *member = m;
            break;
        }
        usleep(5000);
    }
    CHECK(*member > 0);
    return pid;
}

/* The selections add up as procps's: -p with --ppid, -C, -s and -t list what any of them
 * names. Each line set equals procps ps's for the same options, over the pids both saw
 * (each tool's own shell differs), and holds the child each option was aimed at. */
TEST(ps_selections_add_up_as_procps)
{
    int a = child_sleeping();
    pid_t g, leader = session_with_a_group(&g);
    char opts[7][128], cmd[2048];
    snprintf(opts[0], sizeof(opts[0]), "-p %d --ppid %d", a, (int)getppid());
    snprintf(opts[1], sizeof(opts[1]), "-s %d", (int)leader);
    snprintf(opts[2], sizeof(opts[2]), "--sid %d -p %d", (int)leader, a);
    snprintf(opts[3], sizeof(opts[3]), "-t - -p 1");
    snprintf(opts[4], sizeof(opts[4]), "-C bash,sh -p %d", a);
    snprintf(opts[5], sizeof(opts[5]), "--ppid %d", (int)getpid());
    /* The leader's session holds its member, in a group of its own. */
    snprintf(opts[6], sizeof(opts[6]), "-s %d", (int)leader);
    const int must[7] = {a, (int)leader, (int)leader, a, a, a, (int)g};
    for (int i = 0; i < 7; i++) {
        snprintf(cmd, sizeof(cmd),
                 "cd $(mktemp -d) && %s/psutil ps %s -o pid= | tr -d ' ' | sort > a && "
                 "ps %s -o pid= | tr -d ' ' | sort > b && comm -12 a b > c && "
                 "grep -qx %d c && grep -xFf c a > a2 && grep -xFf c b > b2 && cmp a2 b2 && "
                 "(comm -3 a b | wc -l) && cd / && rm -rf \"$OLDPWD\"",
                 build_dir(), opts[i], opts[i], must[i]);
        char *out;
        int st = run(cmd, &out);
        /* Besides the pids both saw, each side holds its own pipeline (psutil or ps, tr,
         * sort), which -t - selects: 6 at most. */
        CHECK_MSG(st == 0 && out && atoi(out) <= 6, "ps %s: exit %d, %s", opts[i], st,
                  out ? out : "");
        free(out);
    }
    int st;
    char *out = tool("ps -s 999999999 -C psutil-no-such-name -o pid= 2>&1", &st);
    CHECK(st == 1 && out[0] == '\0');
    free(out);
    kill(a, SIGKILL);
    kill(leader, SIGKILL);
    kill(g, SIGKILL);
    waitpid(a, NULL, 0);
    waitpid(leader, NULL, 0);
}

/* A child whose uids are set (real, effective, saved), paused; it dies with the test. */
static pid_t child_with_uids(uid_t r, uid_t e)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (setresuid(r, e, 0) != 0)
            _exit(1);
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    return pid;
}

/* -U selects real users and -u effective ones; ruser and ruid show the real one: two
 * children whose real and effective uids differ (root/nobody and nobody/nobody) read as
 * procps ps reads them. */
TEST(ps_tells_real_from_effective_users_as_procps)
{
    pid_t mixed = child_with_uids(0, 65534), plain = child_with_uids(65534, 65534);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)mixed);
    for (int i = 0; i < 200; i++) {
        char *st = slurp(path, NULL);
        int ready = st && strstr(st, "\nUid:\t0\t65534\t");
        free(st);
        if (ready)
            break;
        usleep(5000);
    }
    char cmd[1024], *ours, *theirs;
    static const char *const opts[] = {"-p %d,%d -o pid,user,ruser,uid,ruid,comm",
                                       "-p %d,%d -o ruser:3,pid,ruid=R",
                                       "-U nobody -o pid=", "-u nobody -o pid=", "-U root -o pid="};
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        char o[128];
        snprintf(o, sizeof(o), opts[i], (int)mixed, (int)plain);
        /* Selections (i >= 2) print bare pids, each on a line after a newline. */
        const char *tail = i >= 2 ? " | tr -d ' ' | sed '1s/^/x\\n/'" : "";
        snprintf(cmd, sizeof(cmd), "%s/psutil ps %s%s", build_dir(), o, tail);
        CHECK(run(cmd, &ours) == 0);
        snprintf(cmd, sizeof(cmd), "ps %s%s", o, tail);
        CHECK(run(cmd, &theirs) == 0);
        if (i < 2) {
            CHECK_MSG(strcmp(ours, theirs) == 0, "ps %s\nours:\n%sprocps:\n%s", o, ours, theirs);
        } else {
            /* Selections: both list the children they name, and neither the other. */
            char m[16], p[16];
            snprintf(m, sizeof(m), "\n%d\n", (int)mixed);
            snprintf(p, sizeof(p), "\n%d\n", (int)plain);
            int want_m = i != 3 ? i == 4 : 1, want_p = i != 4;
            CHECK_MSG(!strstr(ours, m) == !want_m && !strstr(theirs, m) == !want_m,
                      "ps %s: mixed child %d", o, (int)mixed);
            CHECK_MSG(!strstr(ours, p) == !want_p && !strstr(theirs, p) == !want_p,
                      "ps %s: plain child %d", o, (int)plain);
        }
        free(ours);
        free(theirs);
    }
    kill(mixed, SIGKILL);
    kill(plain, SIGKILL);
    waitpid(mixed, NULL, 0);
    waitpid(plain, NULL, 0);
}

/* A login name longer than ps aux's 8-column USER (procps cuts it to 7 and a +): an
 * existing one, or one this test adds and removes. *added is set when it added one. */
static uid_t long_named_user(int *added)
{
    *added = 0;
    setpwent();
    for (struct passwd *pw; (pw = getpwent()) != NULL;)
        if (strlen(pw->pw_name) > 8 && pw->pw_uid != 0) {
            uid_t uid = pw->pw_uid;
            endpwent();
            return uid;
        }
    endpwent();
    int st;
    char *out = shell("useradd --system --no-create-home --shell /usr/sbin/nologin "
                      "psutil-test-long-user 2>&1",
                      &st);
    free(out);
    struct passwd *pw = getpwnam("psutil-test-long-user");
    CHECK_MSG(pw, "no login name longer than 8 characters, and useradd failed (%d)", st);
    *added = st == 0;
    return pw->pw_uid;
}

/* A child with 3 pages locked in memory (procps's L flag), sleeping. */
static pid_t child_locked(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (lock_pages(3) != 0)
            _exit(1);
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    return pid;
}

/* The lines of `ps aux` output (ours or procps's) for the given pids, header first, in
 * the order given. */
static char *aux_lines(const char *ps, const int *pids, size_t n)
{
    char cmd[1024];
    int off = snprintf(cmd, sizeof(cmd), "%s aux | awk 'NR == 1", ps);
    for (size_t i = 0; i < n; i++)
        off += snprintf(cmd + off, sizeof(cmd) - (size_t)off, " || $2 == %d", pids[i]);
    snprintf(cmd + off, sizeof(cmd) - (size_t)off, "' | sort -k2,2n");
    int st;
    return shell(cmd, &st);
}

/* ps aux, the default, gives procps's bytes for a user whose name is cut (+), a niced
 * child (N), a child with locked pages (L), a zombie (<defunct>) and a kernel thread
 * ([kthreadd]): %CPU truncated to tenths, the PID column as wide as pid_max's digits, TIME
 * as minutes:seconds (under nice, every child is also N).
 * And START (stime, start_time) is the time of day only for a process started on today's
 * date: a child started a second before local midnight (a TZ made for it) shows its month
 * and day, as procps, though it is seconds old. */
TEST(ps_aux_and_start_dates_match_procps)
{
    int added;
    uid_t lu = long_named_user(&added);
    pid_t longu = child_with_uids(lu, lu), z = child_zombie(4), locked = child_locked();
    int niced = child_sleeping();
    CHECK(setpriority(PRIO_PROCESS, (id_t)niced, 7) == 0);
    wait_state(z, 'Z');
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)locked);
    for (int i = 0; i < 400; i++) {
        char *st = slurp(path, NULL);
        int ready = st && strstr(st, "\nVmLck:\t      12 kB") != NULL;
        free(st);
        if (ready)
            break;
        usleep(5000);
    }
    int pids[] = {(int)longu, niced, z, 2, (int)locked};
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "%s/psutil ps", build_dir());
    for (int attempt = 0; attempt < 3; attempt++) {
        char *ours = aux_lines(cmd, pids, 5), *theirs = aux_lines("ps", pids, 5);
        int same = strcmp(ours, theirs) == 0;
        /* Every line is there: the header and five processes. */
        int lines = 0;
        for (const char *q = ours; *q; q++)
            lines += *q == '\n';
        if (!same && attempt == 2)
            CHECK_MSG(0, "ps aux:\nours:\n%s\nprocps:\n%s", ours, theirs);
        if (same)
            CHECK_MSG(lines == 6 && strstr(ours, "+ ") && strstr(ours, "<defunct>") &&
                          strstr(ours, "[kthreadd]") && strstr(ours, " SN ") &&
                          (strstr(ours, " SL ") || strstr(ours, " SNL ")),
                      "%s", ours);
        free(ours);
        free(theirs);
        if (same)
            break;
    }

    /* Local midnight falls between the child's start and the two runs. */
    time_t before = time(NULL);
    int fresh = child_sleeping();
    time_t midnight = time(NULL) + 1;
    long off = (86400 - (long)(midnight % 86400)) % 86400;
    char tz[64];
    snprintf(tz, sizeof(tz), "PSU-%02ld:%02ld:%02ld", off / 3600, off / 60 % 60, off % 60);
    while (time(NULL) <= midnight)
        usleep(20000);
    CHECK(before <= midnight);
    char *ours, *theirs;
    int s1, s2;
    snprintf(cmd, sizeof(cmd), "TZ=%s %s/psutil ps -o pid,stime,start_time,args -p %d,%d", tz,
             build_dir(), fresh, (int)getpid());
    ours = shell(cmd, &s1);
    snprintf(cmd, sizeof(cmd), "TZ=%s ps -o pid,stime,start_time,args -p %d,%d", tz, fresh,
             (int)getpid());
    theirs = shell(cmd, &s2);
    /* The child's STIME is a date ("Dec03"), not a time of day ("23:59"). */
    char want[64];
    snprintf(want, sizeof(want), "\n%*d ", pid_col(), fresh);
    const char *row = strstr(ours, want);
    CHECK_MSG(s1 == 0 && s1 == s2 && strcmp(ours, theirs) == 0 && row &&
                  !memchr(row + strlen(want), ':', 12),
              "TZ=%s\nours:\n%s\nprocps:\n%s", tz, ours, theirs);
    free(ours);
    free(theirs);

    kill(fresh, SIGKILL);
    kill(locked, SIGKILL);
    waitpid(locked, NULL, 0);
    kill(niced, SIGKILL);
    kill(longu, SIGKILL);
    waitpid(fresh, NULL, 0);
    waitpid(niced, NULL, 0);
    waitpid(longu, NULL, 0);
    waitpid(z, NULL, 0);
    if (added) {
        char *out = shell("userdel psutil-test-long-user 2>&1", &s1);
        free(out);
    }
}
