#include <stdio.h>

static int counter = 100;

static int bump(void) {
    static int calls;
    calls++;
    return calls * 10;
}

static int shadow(int counter) {
    int r = counter;
    {
        int counter = 3;
        r += counter;
    }
    return r;
}

int main(void) {
    printf("%d %d %d\n", bump(), bump(), bump());
    printf("%d %d\n", shadow(5), counter);
    int counter = 7;
    printf("%d\n", counter);
    for (int counter = 0; counter < 2; counter++)
        printf("loop %d\n", counter);
    printf("%d\n", counter);
    return 0;
}
