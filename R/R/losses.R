# Losses, as a table: name -> (loss value, descent direction at the output).
# Each loss is written in terms of the error E = Y - A (Analytics Vidhya's
# E = y - output); the direction is -dLoss/dA, the matrix that multiplies the
# activation slope to give the output delta. Twin: python/src/twinnet/losses.py.

losses <- list(
  # sum(E^2) / 2, Analytics Vidhya's "((Y-t)^2)/2"
  half_sse = list(
    value = function(e, arith) arith$total(e * e) / 2,
    direction = function(e) e
  ),
  # sum(E^2), Loy's sum-of-squares error
  sse = list(
    value = function(e, arith) arith$total(e * e),
    direction = function(e) 2 * e
  ),
  # sum(E^2) / size, Aflak's mean squared error (size = all elements)
  mse = list(
    value = function(e, arith) arith$total(e * e) / length(e),
    direction = function(e) (2 * e) / length(e)
  )
)
