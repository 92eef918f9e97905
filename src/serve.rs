//! `careerbook serve`: build, serve on localhost, rebuild on change, live-reload.
