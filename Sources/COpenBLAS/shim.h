// Exposes OpenBLAS's CBLAS interface (and its threading controls) to Swift.
// The include path comes from pkg-config `openblas` (Debian: libopenblas-dev).
#include <cblas.h>
