/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * child.c - the process the Windows tests start and look at (child.exe):
 *   child sleep                  waits until ended
 *   child exit N                 exits with code N at once
 *   child threads N EVENT        starts N more threads, signals the named event, waits
 *   child spin                   burns CPU until ended
 *   child ready EVENT            signals the named event, then waits
 *   child open PATH SKIP EVENT   opens PATH to read, reads SKIP bytes, signals, waits
 */
#include <windows.h>

#include <stdlib.h>
#include <string.h>

static DWORD WINAPI idle(LPVOID arg)
{
    (void)arg;
    Sleep(INFINITE);
    return 0;
}

static void signal_event(const char *name)
{
    HANDLE e = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
    if (e) {
        SetEvent(e);
        CloseHandle(e);
    }
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "threads") == 0) {
        for (int i = 0; i < atoi(argv[2]); i++)
            CloseHandle(CreateThread(NULL, 0, idle, NULL, 0, NULL));
        signal_event(argv[3]);
    } else if (argc >= 3 && strcmp(argv[1], "ready") == 0) {
        signal_event(argv[2]);
    } else if (argc >= 5 && strcmp(argv[1], "open") == 0) {
        HANDLE f = CreateFileA(argv[2], GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                               OPEN_EXISTING, 0, NULL);
        if (f == INVALID_HANDLE_VALUE)
            return 2;
        char buf[4096];
        DWORD got;
        if (!ReadFile(f, buf, (DWORD)atoi(argv[3]), &got, NULL))
            return 3;
        signal_event(argv[4]);
    } else if (argc >= 2 && strcmp(argv[1], "spin") == 0) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    Sleep(INFINITE);
    return 0;
}
