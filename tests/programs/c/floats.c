#include <stdio.h>

static void cmp(double a, double b) {
    if (a < b)
        printf("<");
    else
        printf("!<");
    if (!(a >= b))
        printf(" !>=");
    else
        printf(" >=");
    if (a == b)
        printf(" ==");
    else
        printf(" !=");
    if (a != a)
        printf(" nan");
    printf("\n");
}

int main(void) {
    double zero = 0.0;
    double nan = zero / zero;
    cmp(nan, 1.0);
    cmp(1.0, nan);
    cmp(1.0, 2.0);
    cmp(-0.0, 0.0);
    printf("%.17g\n", 0.1 + 0.2);
    float f = 16777216.0f;
    f += 1.0f;
    printf("%.1f\n", f);
    double sum = 0;
    for (int i = 1; i <= 10; i++)
        sum += 1.0 / i;
    printf("%.12f\n", sum);
    printf("%d %d\n", (int)3.99, (int)-3.99);
    printf("%s\n", nan > 0 ? "gt" : "not gt");
    printf("%d\n", 7 / 2 * 2);
    printf("%.2f\n", 7 / 2.0 * 2);
    return 0;
}
