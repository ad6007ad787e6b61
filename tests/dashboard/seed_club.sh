# Sourced by the dashboard's shell tests: the club the seeded hub serves, made as a club's admin
# would with `runform-hub admin` before the hub starts (issue 11's accounts):
#   - coach "coach-cara" (password in $work/coach.password) with athletes ana, ben and 4711 (the
#     demo kiosk's runner) assigned;
#   - coach "coach-olga" with athlete zoe (the seed's "athlete of another coach");
#   - one-time enrolment codes for the seed's stations (station-1, station-2) and the demo kiosk's
#     (treadmill-1), in $work/code.<station>.
# Usage: seed_club HUB_BIN STORE WORK
seed_club() {
  local hub_bin=$1 store=$2 work=$3
  admin() { "$hub_bin" admin --store "$store" "$@"; }
  (umask 077 && printf 'cara runs the club\n' > "$work/coach.password" && printf 'olga runs too\n' > "$work/other.password")
  admin create-account --name coach-cara --role coach < "$work/coach.password" > /dev/null || return 1
  admin create-account --name coach-olga --role coach < "$work/other.password" > /dev/null || return 1
  for athlete in ana ben 4711; do admin assign-athlete --coach coach-cara --athlete "$athlete" > /dev/null || return 1; done
  admin assign-athlete --coach coach-olga --athlete zoe > /dev/null || return 1
  for station in station-1 station-2 treadmill-1; do
    admin issue-enrolment-code --station "$station" --valid-minutes 60 2> /dev/null > "$work/code.$station" || return 1
  done
}
