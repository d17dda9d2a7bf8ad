/** An example plugin built outside Vigil's repository: notices in a table, a title from config, an expiry task. */
package com.example.vigil.notices;
