/** Users, password hashing, and JWT login/refresh for the protected routes. */
@NullMarked
package dev.bookslake.serving.auth;

import org.jspecify.annotations.NullMarked;
