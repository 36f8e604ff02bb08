// Xlib with the extensions Mimic uses: XTest and RECORD (libXtst), MIT-SHM (libXext), XFixes.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/Xatom.h>
#include <X11/XKBlib.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/record.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/Xfixes.h>
#include <sys/ipc.h>
#include <sys/shm.h>

// For starting Xvfb and test programs without leaking our file descriptors into them
// (glibc 2.34+ has it; its header declares it only for some feature macros).
#include <spawn.h>
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
