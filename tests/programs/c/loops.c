#include <stdio.h>

int main(void) {
    int sum = 0;
    for (int i = 0; i < 20; i++) {
        if (i % 3 == 0)
            continue;
        if (i > 15)
            break;
        sum += i;
    }
    printf("for %d\n", sum);
    int k = 0, evens = 0;
    while (k < 30) {
        k++;
        if (k % 2)
            continue;
        evens += k;
    }
    printf("while %d %d\n", evens, k);
    int n = 10;
    do {
        n -= 3;
        if (n == 4)
            continue;
        printf("do %d\n", n);
    } while (n > 0);
    int i, j;
    for (i = 0, j = 10; i < j; i++, j--)
        printf("pair %d %d\n", i, j);
    int count = 0;
    for (;;) {
        if (++count >= 5)
            break;
    }
    printf("count %d\n", count);
    return 0;
}
