# recon in a container: the `migrate` service of docker-compose.yml (docs/startup.md).
# Built from this checkout on Debian bookworm; the image holds recon and its run-time libraries.
FROM debian:bookworm AS build
COPY . /src
RUN bash /src/scripts/install-deps \
 && bash /src/scripts/build /src/build-image --buildtype=release -Dtests=false \
 && meson install -C /src/build-image --destdir /out --no-rebuild

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libpqxx-6.4 libfmt9 libtomlplusplus3 \
      libsqlite3-0 libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/usr/local /usr/local
WORKDIR /workspace
ENTRYPOINT ["recon"]
CMD ["apply"]
