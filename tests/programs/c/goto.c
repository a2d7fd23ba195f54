#include <stdio.h>

static int find(int target) {
    int i, j;
    for (i = 0; i < 10; i++) {
        for (j = 0; j < 10; j++) {
            if (i * j == target)
                goto found;
        }
    }
    return -1;
found:
    return i * 100 + j;
}

static int cleanup(int fail_at) {
    int stage = 0;
    if (fail_at == 1)
        goto out;
    stage++;
    if (fail_at == 2)
        goto out;
    stage++;
out:
    return stage;
}

int main(void) {
    printf("%d %d\n", find(42), find(97));
    printf("%d %d %d\n", cleanup(1), cleanup(2), cleanup(3));
    int n = 0;
again:
    n++;
    if (n < 5)
        goto again;
    printf("n %d\n", n);
    return 0;
}
