/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_win_proc.c - processes on the Windows backend. Each value is compared with what
 * the test itself set up (a child started with known arguments, directory and
 * environment) and with a second Windows source: Toolhelp32 snapshots (the backend reads
 * NtQuerySystemInformation and EnumProcesses), GetProcessMemoryInfo, GetPriorityClass,
 * GetProcessAffinityMask, GetProcessHandleCount, GetProcessTimes, GetExitCodeProcess.
 */
#include "win_util.h"

#include <psapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tlhelp32.h>

/* EnumProcesses (ours) and Toolhelp32 list the same pids; processes come and go, so the
 * two are taken again until they agree (5 tries). */
TEST(pids_match_the_toolhelp_snapshot)
{
    int same = 0;
    for (int attempt = 0; attempt < 5 && !same; attempt++) {
        psutil_pid_t *pids;
        size_t n;
        CHECK_OK(psutil_pids(&pids, &n));
        static DWORD th[65536];
        size_t m = toolhelp_pids(th, 65536);
        same = n == m && n > 2;
        for (size_t i = 0; same && i < n; i++) {
            same = 0;
            for (size_t j = 0; j < m && !same; j++)
                same = th[j] == (DWORD)pids[i];
        }
        psutil_free(pids);
    }
    CHECK_MSG(same, "psutil_pids and Toolhelp32 never agreed");
}

TEST(pid_exists_for_live_and_ended_processes)
{
    int e = 0;
    CHECK_OK(psutil_pid_exists((psutil_pid_t)GetCurrentProcessId(), &e));
    CHECK(e == 1);
    PROCESS_INFORMATION pi = start_child("exit 3", NULL, NULL, NULL);
    WaitForSingleObject(pi.hProcess, 5000);
    /* Our handle keeps the object; the process has ended all the same. */
    CHECK_OK(psutil_pid_exists((psutil_pid_t)pi.dwProcessId, &e));
    CHECK(e == 0);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CHECK_OK(psutil_pid_exists(-5, &e));
    CHECK(e == 0);
}

static char *wide_to_utf8(const wchar_t *w)
{
    static char buf[4096];
    WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof(buf), NULL, NULL);
    return buf;
}

/* A child started with known arguments, directory and environment reads back as such. */
TEST(a_childs_name_exe_cmdline_cwd_and_environ_are_what_it_was_started_with)
{
    wchar_t dir[MAX_PATH];
    CHECK(GetTempPathW(MAX_PATH, dir) > 0);
    size_t dl = wcslen(dir);
    if (dl > 3 && dir[dl - 1] == L'\\')
        dir[dl - 1] = L'\0';
    static const wchar_t env[] = L"PSUTIL_MARK=caf\u00e9 1\0OTHER=x=y\0\0";
    PROCESS_INFORMATION pi = start_child("ready psutil-ev-ident \"two words\" \xc3\xa9t\xc3\xa9",
                                         dir, env, "psutil-ev-ident");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    char *s;
    CHECK_OK(psutil_proc_name(p, &s));
    CHECK_MSG(strcmp(s, "child.exe") == 0, "name %s", s);
    psutil_free(s);
    CHECK_OK(psutil_proc_exe(p, &s));
    wchar_t exe[MAX_PATH];
    DWORD len = MAX_PATH;
    CHECK(QueryFullProcessImageNameW(pi.hProcess, 0, exe, &len));
    CHECK_MSG(strcmp(s, wide_to_utf8(exe)) == 0, "exe %s", s);
    psutil_free(s);
    char **argv;
    size_t argc;
    CHECK_OK(psutil_proc_cmdline(p, &argv, &argc));
    CHECK_MSG(argc == 5, "%zu arguments", argc);
    CHECK(strstr(argv[0], "child.exe") != NULL);
    CHECK(strcmp(argv[1], "ready") == 0);
    CHECK(strcmp(argv[2], "psutil-ev-ident") == 0);
    CHECK(strcmp(argv[3], "two words") == 0);
    CHECK(strcmp(argv[4], "\xc3\xa9t\xc3\xa9") == 0);
    psutil_free(argv);
    CHECK_OK(psutil_proc_cwd(p, &s));
    CHECK_MSG(_stricmp(s, wide_to_utf8(dir)) == 0, "cwd %s, started in %s", s, wide_to_utf8(dir));
    psutil_free(s);
    psutil_env_var_t *ev;
    size_t n;
    CHECK_OK(psutil_proc_environ(p, &ev, &n));
    int mark = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].key, "PSUTIL_MARK") == 0)
            mark = strcmp(ev[i].value, "caf\xc3\xa9 1") == 0;
        if (strcmp(ev[i].key, "OTHER") == 0)
            other = strcmp(ev[i].value, "x=y") == 0;
    }
    CHECK_MSG(mark && other, "environment of %zu entries lacks what the child was given", n);
    psutil_free(ev);
    psutil_pid_t ppid;
    CHECK_OK(psutil_proc_ppid(p, &ppid));
    CHECK(ppid == (psutil_pid_t)GetCurrentProcessId());
    DWORD th_ppid = 0;
    CHECK(toolhelp_process(pi.dwProcessId, &th_ppid, NULL, NULL, 0));
    CHECK(ppid == (psutil_pid_t)th_ppid);
    FILETIME c, e, k, u;
    CHECK(GetProcessTimes(pi.hProcess, &c, &e, &k, &u));
    double ct;
    CHECK_OK(psutil_proc_create_time(p, &ct));
    CHECK_NEAR(ct, ((double)ft64(c) - 116444736000000000.0) / 1e7, 1e-6);
    psutil_proc_close(p);
    end_child(&pi);
}

TEST(thread_counts_and_ids_match_toolhelp)
{
    PROCESS_INFORMATION pi =
        start_child("threads 3 psutil-ev-threads", NULL, NULL, "psutil-ev-threads");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int64_t nt;
    CHECK_OK(psutil_proc_num_threads(p, &nt));
    DWORD threads = 0;
    CHECK(toolhelp_process(pi.dwProcessId, NULL, &threads, NULL, 0));
    CHECK_MSG(nt == (int64_t)threads && nt >= 4, "threads %lld, Toolhelp32 %lu", (long long)nt,
              (unsigned long)threads);
    psutil_thread_t *t;
    size_t n;
    CHECK_OK(psutil_proc_threads(p, &t, &n));
    CHECK(n == (size_t)nt);
    /* Toolhelp32's thread list of the child has the same ids. */
    HANDLE s = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 te = {.dwSize = sizeof(te)};
    size_t matched = 0;
    for (BOOL ok = Thread32First(s, &te); ok; ok = Thread32Next(s, &te))
        if (te.th32OwnerProcessID == pi.dwProcessId)
            for (size_t i = 0; i < n; i++)
                matched += t[i].id == (psutil_pid_t)te.th32ThreadID;
    CloseHandle(s);
    CHECK_MSG(matched == n, "%zu of %zu thread ids in Toolhelp32", matched, n);
    psutil_free(t);
    psutil_proc_close(p);
    end_child(&pi);
}

/* num_fds is the handle count on Windows (psutil's num_handles). */
TEST(handle_count_matches_getprocesshandlecount)
{
    if (under_wine())
        harness_skip("wine's GetProcessHandleCount answers 0 for every process");
    PROCESS_INFORMATION pi =
        start_child("ready psutil-ev-handles", NULL, NULL, "psutil-ev-handles");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int64_t nh;
    CHECK_OK(psutil_proc_num_fds(p, &nh));
    DWORD handles = 0;
    CHECK(GetProcessHandleCount(pi.hProcess, &handles));
    CHECK_MSG(nh == (int64_t)handles && nh > 0, "handles %lld, GetProcessHandleCount %lu",
              (long long)nh, (unsigned long)handles);
    psutil_proc_close(p);
    end_child(&pi);
}

TEST(memory_info_agrees_with_getprocessmemoryinfo)
{
    PROCESS_INFORMATION pi = start_child("ready psutil-ev-mem", NULL, NULL, "psutil-ev-mem");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int same = 0;
    psutil_proc_memory_t m;
    PROCESS_MEMORY_COUNTERS pmc = {.cb = sizeof(pmc)};
    for (int attempt = 0; attempt < 5 && !same; attempt++) {
        CHECK_OK(psutil_proc_memory_info(p, &m));
        CHECK(GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof(pmc)));
        same = m.rss == pmc.WorkingSetSize && m.vms == pmc.PagefileUsage;
        Sleep(20);
    }
    CHECK_MSG(same, "rss %llu vms %llu, GetProcessMemoryInfo %llu %llu", (unsigned long long)m.rss,
              (unsigned long long)m.vms, (unsigned long long)pmc.WorkingSetSize,
              (unsigned long long)pmc.PagefileUsage);
    CHECK(m.rss > 0 && m.vms > 0);
    psutil_proc_close(p);
    end_child(&pi);
}

/* The user name is DOMAIN\user, the user the test runs as. */
TEST(username_is_the_domain_and_user_of_the_token)
{
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    char *s;
    CHECK_OK(psutil_proc_username(p, &s));
    char user[256];
    DWORD len = sizeof(user);
    CHECK(GetUserNameA(user, &len));
    const char *bs = strrchr(s, '\\');
    CHECK_MSG(bs && _stricmp(bs + 1, user) == 0, "username %s, GetUserName %s", s, user);
    psutil_free(s);
    psutil_proc_close(p);
}

TEST(priority_class_and_affinity_are_set_and_read_back)
{
    PROCESS_INFORMATION pi = start_child("ready psutil-ev-nice", NULL, NULL, "psutil-ev-nice");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int nice;
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == (int)GetPriorityClass(pi.hProcess));
    CHECK_OK(psutil_proc_set_nice(p, BELOW_NORMAL_PRIORITY_CLASS));
    CHECK(GetPriorityClass(pi.hProcess) == BELOW_NORMAL_PRIORITY_CLASS);
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == BELOW_NORMAL_PRIORITY_CLASS);
    CHECK_RC(psutil_proc_set_nice(p, 12345), PSUTIL_EINVAL);
    int *cpus;
    size_t n;
    CHECK_OK(psutil_proc_cpu_affinity(p, &cpus, &n));
    DWORD_PTR mask, sys;
    CHECK(GetProcessAffinityMask(pi.hProcess, &mask, &sys));
    DWORD_PTR got = 0;
    for (size_t i = 0; i < n; i++)
        got |= (DWORD_PTR)1 << cpus[i];
    CHECK(got == mask);
    psutil_free(cpus);
    int one = 0;
    CHECK_OK(psutil_proc_set_cpu_affinity(p, &one, 1));
    CHECK(GetProcessAffinityMask(pi.hProcess, &mask, &sys) && mask == 1);
    CHECK_OK(psutil_proc_cpu_affinity(p, &cpus, &n));
    CHECK(n == 1 && cpus[0] == 0);
    psutil_free(cpus);
    int bad = 70;
    CHECK_RC(psutil_proc_set_cpu_affinity(p, &bad, 1), PSUTIL_EINVAL);
    psutil_proc_close(p);
    end_child(&pi);
}

TEST(suspend_and_resume_reach_every_thread)
{
    PROCESS_INFORMATION pi = start_child("threads 2 psutil-ev-susp", NULL, NULL, "psutil-ev-susp");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int st;
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_RUNNING);
    CHECK_OK(psutil_proc_suspend(p));
    /* SuspendThread returns the count before it: 1 means ours had suspended it. */
    DWORD prev = SuspendThread(pi.hThread);
    CHECK_MSG(prev == 1, "main thread's suspend count was %lu", (unsigned long)prev);
    ResumeThread(pi.hThread);
    CHECK_OK(psutil_proc_resume(p));
    prev = SuspendThread(pi.hThread);
    CHECK(prev == 0);
    ResumeThread(pi.hThread);
    psutil_proc_close(p);
    end_child(&pi);
}

/* psutil's status on Windows: stopped when every thread waits suspended. */
TEST(a_suspended_process_is_stopped_and_a_resumed_one_running)
{
    if (under_wine())
        harness_skip("wine's SystemProcessInformation gives no thread wait reasons");
    PROCESS_INFORMATION pi = start_child("threads 2 psutil-ev-stat", NULL, NULL, "psutil-ev-stat");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    int st;
    CHECK_OK(psutil_proc_suspend(p));
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK_MSG(st == PSUTIL_STATUS_STOPPED, "status %s", psutil_proc_status_name(st));
    CHECK_OK(psutil_proc_resume(p));
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_RUNNING);
    psutil_proc_close(p);
    end_child(&pi);
}

TEST(terminate_ends_with_sigterms_code_and_wait_reports_exit_codes)
{
    PROCESS_INFORMATION pi = start_child("sleep", NULL, NULL, NULL);
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    psutil_exit_t ex;
    CHECK_RC(psutil_proc_wait(p, 0.1, &ex), PSUTIL_ETIMEOUT);
    CHECK_OK(psutil_proc_terminate(p));
    CHECK_OK(psutil_proc_wait(p, 5.0, &ex));
    DWORD code = 0;
    CHECK(GetExitCodeProcess(pi.hProcess, &code));
    CHECK(ex.known && ex.exit_code == 15 && code == 15);
    psutil_proc_close(p);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    pi = start_child("exit 7", NULL, NULL, NULL);
    p = NULL;
    int rc = psutil_proc_open((psutil_pid_t)pi.dwProcessId, &p);
    if (rc == 0) { /* it may already have ended: then the handle is refused as gone */
        CHECK_OK(psutil_proc_wait(p, 5.0, &ex));
        CHECK(ex.known && ex.exit_code == 7);
        psutil_proc_close(p);
    } else {
        CHECK_RC(rc, PSUTIL_ENOSUCHPROC);
    }
    CHECK(GetExitCodeProcess(pi.hProcess, &code) && code == 7);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* A handle on a process that ended answers PSUTIL_ENOSUCHPROC everywhere: never the
 * values of whatever runs under the pid now. */
TEST(a_handle_on_an_ended_process_is_gone_for_every_getter)
{
    PROCESS_INFORMATION pi = start_child("sleep", NULL, NULL, NULL);
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    TerminateProcess(pi.hProcess, 1);
    WaitForSingleObject(pi.hProcess, 5000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    char *s;
    CHECK_RC(psutil_proc_name(p, &s), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_exe(p, &s), PSUTIL_ENOSUCHPROC);
    psutil_pid_t pp;
    CHECK_RC(psutil_proc_ppid(p, &pp), PSUTIL_ENOSUCHPROC);
    psutil_proc_memory_t m;
    CHECK_RC(psutil_proc_memory_info(p, &m), PSUTIL_ENOSUCHPROC);
    int nice, running = 1;
    CHECK_RC(psutil_proc_nice(p, &nice), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_kill(p), PSUTIL_ENOSUCHPROC);
    char **argv;
    psutil_env_var_t *env;
    psutil_thread_t *th;
    psutil_open_file_t *of;
    psutil_memory_map_t *mm;
    int *cpus;
    size_t n;
    int64_t count;
    psutil_proc_cpu_times_t ct;
    psutil_proc_io_t io;
    psutil_ctx_switches_t cs;
    psutil_proc_memory_full_t mf;
    psutil_ionice_t ion;
    psutil_proc_t **kids;
    CHECK_RC(psutil_proc_cmdline(p, &argv, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_environ(p, &env, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_cwd(p, &s), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_username(p, &s), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_status(p, &nice), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_threads(p, &th, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_num_threads(p, &count), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_num_fds(p, &count), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_cpu_times(p, &ct), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_io_counters(p, &io), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_num_ctx_switches(p, &cs), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_memory_full_info(p, &mf), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_cpu_affinity(p, &cpus, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_ionice(p, &ion), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_open_files(p, &of, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_memory_maps(p, 0, &mm, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_children(p, 1, &kids, &n), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_set_nice(p, 64), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_suspend(p), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_resume(p), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_terminate(p), PSUTIL_ENOSUCHPROC);
    CHECK_OK(psutil_proc_is_running(p, &running));
    CHECK(running == 0);
    psutil_proc_close(p);
    psutil_proc_t *q = NULL;
    CHECK_RC(psutil_proc_open((psutil_pid_t)0x7FFFFFF0, &q), PSUTIL_ENOSUCHPROC);
}

TEST(cpu_times_agree_with_getprocesstimes)
{
    PROCESS_INFORMATION pi = start_child("spin", NULL, NULL, NULL);
    Sleep(300);
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    FILETIME c, e, k0, u0, k1, u1;
    CHECK(GetProcessTimes(pi.hProcess, &c, &e, &k0, &u0));
    psutil_proc_cpu_times_t t;
    CHECK_OK(psutil_proc_cpu_times(p, &t));
    CHECK(GetProcessTimes(pi.hProcess, &c, &e, &k1, &u1));
    CHECK(t.user > 0.05);
    if (under_wine()) {
        /* wine's GetProcessTimes has no CPU times: the spinner's user time is bounded
         * by the wall time it has lived instead (one CPU at most). */
        FILETIME nowft;
        GetSystemTimeAsFileTime(&nowft);
        double lived = (double)(ft64(nowft) - ft64(c)) / 1e7;
        CHECK_MSG(t.user + t.system <= lived + 0.05, "cpu %.3f s in %.3f s of life",
                  t.user + t.system, lived);
    } else {
        CHECK_BETWEEN(t.user, (double)ft64(u0) / 1e7, (double)ft64(u1) / 1e7, 0.02);
        CHECK_BETWEEN(t.system, (double)ft64(k0) / 1e7, (double)ft64(k1) / 1e7, 0.02);
    }
    psutil_proc_close(p);
    end_child(&pi);
}

/* Our own writes: GetProcessIoCounters before and after bracket the library's. */
TEST(io_counters_agree_with_getprocessiocounters)
{
    if (under_wine())
        harness_skip("wine counts no process I/O (GetProcessIoCounters answers zeros)");
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    char path[MAX_PATH];
    snprintf(path, sizeof(path), "%s/tests/io-probe.tmp", build_dir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    static char block[256 * 1024];
    memset(block, 'x', sizeof(block));
    fwrite(block, 1, sizeof(block), f);
    fclose(f);
    IO_COUNTERS a, b;
    CHECK(GetProcessIoCounters(GetCurrentProcess(), &a));
    psutil_proc_io_t io;
    CHECK_OK(psutil_proc_io_counters(p, &io));
    CHECK(GetProcessIoCounters(GetCurrentProcess(), &b));
    remove(path);
    CHECK(io.write_bytes >= sizeof(block));
    CHECK_BETWEEN((double)io.write_bytes, (double)a.WriteTransferCount,
                  (double)b.WriteTransferCount, 0);
    CHECK_BETWEEN((double)io.write_count, (double)a.WriteOperationCount,
                  (double)b.WriteOperationCount, 0);
    psutil_proc_close(p);
}

TEST(children_and_the_process_table_agree_with_toolhelp)
{
    PROCESS_INFORMATION pi = start_child("ready psutil-ev-table", NULL, NULL, "psutil-ev-table");
    psutil_proc_t *self = open_pid(GetCurrentProcessId());
    psutil_proc_t **kids;
    size_t nk;
    CHECK_OK(psutil_proc_children(self, 0, &kids, &nk));
    int found = 0;
    for (size_t i = 0; i < nk; i++)
        found += psutil_proc_pid(kids[i]) == (psutil_pid_t)pi.dwProcessId;
    CHECK(found == 1);
    psutil_proc_list_close(kids, nk);
    psutil_proc_close(self);
    psutil_proc_row_t *rows;
    size_t n;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &rows, &n));
    size_t checked = 0;
    int child_seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            CHECK(rows[i].pid > rows[i - 1].pid);
        DWORD ppid, threads;
        char exe[MAX_PATH];
        if (!toolhelp_process((DWORD)rows[i].pid, &ppid, &threads, exe, sizeof(exe)))
            continue;
        checked++;
        CHECK_MSG(rows[i].ppid == (psutil_pid_t)ppid, "pid %lld ppid %lld, Toolhelp32 %lu",
                  (long long)rows[i].pid, (long long)rows[i].ppid, (unsigned long)ppid);
        if (rows[i].pid > 4)
            CHECK_MSG(strcmp(rows[i].name, exe) == 0, "pid %lld name %s, Toolhelp32 %s",
                      (long long)rows[i].pid, rows[i].name, exe);
        if (rows[i].pid == (psutil_pid_t)pi.dwProcessId) {
            child_seen = 1;
            CHECK(rows[i].have & PSUTIL_PF_CMDLINE);
            CHECK_MSG(strstr(rows[i].cmdline, "child.exe\" ready psutil-ev-table") ||
                          strstr(rows[i].cmdline, "child.exe ready psutil-ev-table"),
                      "cmdline %s", rows[i].cmdline);
            CHECK(rows[i].num_threads == (int64_t)threads);
            CHECK(rows[i].ppid == (psutil_pid_t)GetCurrentProcessId());
        }
    }
    CHECK(child_seen);
    CHECK(checked >= 3);
    psutil_free(rows);
    end_child(&pi);
}

TEST(functions_without_a_windows_equivalent_say_enotsup_for_a_live_process)
{
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    psutil_ids_t ids;
    CHECK_RC(psutil_proc_uids(p, &ids), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_proc_gids(p, &ids), PSUTIL_ENOTSUP);
    char *s;
    CHECK_RC(psutil_proc_terminal(p, &s), PSUTIL_ENOTSUP);
    psutil_rlimit_t rl;
    CHECK_RC(psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, &rl), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_proc_send_signal(p, 1), PSUTIL_ENOTSUP);
    psutil_proc_close(p);
}

/* USS: the working set's private pages, at most the working set, and it grows by what
 * the process touches of its own. */
TEST(uss_is_private_working_set_and_grows_with_touched_memory)
{
    if (under_wine())
        harness_skip("wine's QueryWorkingSet has no working-set list (ERROR_INVALID_PARAMETER)");
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    psutil_proc_memory_full_t a, b;
    CHECK_OK(psutil_proc_memory_full_info(p, &a));
    PROCESS_MEMORY_COUNTERS pmc = {.cb = sizeof(pmc)};
    CHECK(GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)));
    CHECK(a.uss > 0 && a.uss <= pmc.WorkingSetSize + (1 << 20));
    size_t size = 16u << 20;
    char *mem = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    CHECK(mem != NULL);
    for (size_t i = 0; i < size; i += 4096)
        mem[i] = (char)i;
    CHECK_OK(psutil_proc_memory_full_info(p, &b));
    CHECK_MSG(b.uss >= a.uss + size - (1 << 20), "uss %llu -> %llu after touching %zu bytes",
              (unsigned long long)a.uss, (unsigned long long)b.uss, size);
    VirtualFree(mem, 0, MEM_RELEASE);
    psutil_proc_close(p);
}

/* The peaks are GetProcessMemoryInfo's, read around ours (a peak only grows), and they
 * rise by what this process touches. */
TEST(memory_info_ex_peaks_agree_with_getprocessmemoryinfo_and_rise)
{
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    PROCESS_MEMORY_COUNTERS_EX before = {.cb = sizeof(before)}, after = {.cb = sizeof(after)};
    psutil_proc_memory_ex_t m, m2;
    CHECK(GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&before,
                               sizeof(before)));
    CHECK_OK(psutil_proc_memory_info_ex(p, &m));
    CHECK(GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&after,
                               sizeof(after)));
    CHECK(m.peak_rss >= before.PeakWorkingSetSize && m.peak_rss <= after.PeakWorkingSetSize);
    CHECK(m.peak_vms >= before.PeakPagefileUsage && m.peak_vms <= after.PeakPagefileUsage);
    CHECK(m.peak_rss >= m.base.rss && m.peak_vms >= m.base.vms && m.base.rss > 0);
    size_t size = 64u << 20;
    char *mem = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    CHECK(mem != NULL);
    for (size_t i = 0; i < size; i += 4096)
        mem[i] = 1;
    CHECK_OK(psutil_proc_memory_info_ex(p, &m2));
    CHECK_MSG(m2.peak_vms >= m.base.vms + size, "peak_vms %llu after committing %zu more",
              (unsigned long long)m2.peak_vms, size);
    CHECK_MSG(m2.peak_rss >= m.base.rss + size / 2, "peak_rss %llu -> %llu after touching %zu",
              (unsigned long long)m.peak_rss, (unsigned long long)m2.peak_rss, size);
    VirtualFree(mem, 0, MEM_RELEASE);
    psutil_proc_close(p);
}

/* The monitor's table: a spinning child is one row under us, with its name, a whole
 * CPU's worth of cpu_percent and its working set as mem_percent of GlobalMemoryStatusEx;
 * once ended it is no row at all. */
TEST(the_monitor_sees_a_spinning_child_and_then_its_end)
{
    PROCESS_INFORMATION pi = start_child("spin", NULL, NULL, NULL);
    psutil_proc_monitor_t *mon;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL, &mon));
    const psutil_proc_row_t *rows;
    const psutil_proc_rate_t *rates;
    size_t n;
    CHECK_OK(psutil_proc_monitor_refresh(mon, &rows, &rates, &n));
    Sleep(1500);
    CHECK_OK(psutil_proc_monitor_refresh(mon, &rows, &rates, &n));
    MEMORYSTATUSEX ms = {.dwLength = sizeof(ms)};
    CHECK(GlobalMemoryStatusEx(&ms));
    PROCESS_MEMORY_COUNTERS pmc = {.cb = sizeof(pmc)};
    CHECK(GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof(pmc)));
    size_t k = n;
    for (size_t i = 0; i < n; i++)
        if (rows[i].pid == (psutil_pid_t)pi.dwProcessId)
            k = i;
    CHECK_MSG(k < n, "the child %lu is not among %zu rows", (unsigned long)pi.dwProcessId, n);
    CHECK(rows[k].ppid == (psutil_pid_t)GetCurrentProcessId());
    CHECK(strcmp(rows[k].name, "child.exe") == 0);
    CHECK_MSG(rates[k].cpu_percent > 50.0 && rates[k].cpu_percent < 110.0, "cpu_percent %.1f",
              rates[k].cpu_percent);
    double want = (double)pmc.WorkingSetSize / (double)ms.ullTotalPhys * 100.0;
    CHECK_MSG(rates[k].mem_percent > want * 0.5 && rates[k].mem_percent < want * 2.0,
              "mem_percent %.4f, working set says %.4f", rates[k].mem_percent, want);
    end_child(&pi);
    CHECK_OK(psutil_proc_monitor_refresh(mon, &rows, &rates, &n));
    for (size_t i = 0; i < n; i++)
        CHECK(rows[i].pid != (psutil_pid_t)pi.dwProcessId);
    psutil_proc_monitor_free(mon);
}

/* I/O priority set (very low, then low) reads back as set. */
TEST(io_priority_is_set_and_read_back)
{
    PROCESS_INFORMATION pi = start_child("sleep", NULL, NULL, NULL);
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    psutil_ionice_t io;
    int rc = psutil_proc_ionice(p, &io);
    if (rc == PSUTIL_ENOTSUP && under_wine()) {
        end_child(&pi);
        psutil_proc_close(p);
        harness_skip("wine does not implement ProcessIoPriority");
    }
    CHECK_OK(rc);
    CHECK(io.ioclass == 2); /* normal */
    CHECK_OK(psutil_proc_set_ionice(p, 0, 0));
    CHECK_OK(psutil_proc_ionice(p, &io));
    CHECK(io.ioclass == 0);
    CHECK_OK(psutil_proc_set_ionice(p, 1, 0));
    CHECK_OK(psutil_proc_ionice(p, &io));
    CHECK(io.ioclass == 1);
    end_child(&pi);
    psutil_proc_close(p);
}

/* Each Sleep(1) of this thread is a context switch: 50 of them raise the count by 50. */
TEST(context_switches_count_this_threads_sleeps)
{
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    psutil_ctx_switches_t a, b;
    CHECK_OK(psutil_proc_num_ctx_switches(p, &a));
    for (int i = 0; i < 50; i++)
        Sleep(1);
    CHECK_OK(psutil_proc_num_ctx_switches(p, &b));
    psutil_proc_close(p);
    if (b.voluntary == 0 && under_wine())
        harness_skip("wine's SystemProcessInformation counts no context switches");
    CHECK_MSG(b.voluntary >= a.voluntary + 50 && b.involuntary == 0, "%llu -> %llu",
              (unsigned long long)a.voluntary, (unsigned long long)b.voluntary);
}
